"""Documents of the invitations: the participants' workbook and the sign-in
sheet (PDF), built with the toolkit in konferenz/documents/."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from konferenz.core.i18n import in_document_language
from konferenz.documents.marking import conference_marking
from konferenz.documents.pdf import render_pdf
from konferenz.documents.xlsx import Sheet, title_rows, xlsx_bytes
from teilnehmer.addressbook import selectors as addressbook_selectors
from teilnehmer.invitations.models import Invitation

#: Blank rows of the sign-in sheet for people who come unannounced.
SIGNIN_BLANK_ROWS = 10


@in_document_language
def attendance_xlsx(conference):
    """Everyone on the list with answer and presence, as a workbook."""
    present_labels = {True: _("yes"), False: _("no"), None: ""}

    def rows():
        yield from title_rows(
            _("Participants – %(title)s") % {"title": conference.title},
            f"{conference.date:%d.%m.%Y}, {conference.police_authority.name} · "
            + _("File ref.: %(reference)s")
            % {"reference": conference.file_reference_display},
        )
        yield [
            pgettext("column heading", "Authority"),
            pgettext("column heading", "Kind"),
            pgettext("column heading", "Salutation"),
            pgettext("column heading", "Name"),
            pgettext("column heading", "Function"),
            pgettext("column heading", "Email"),
            pgettext("column heading", "Answer"),
            pgettext("column heading", "Deputy for"),
            pgettext("column heading", "Present"),
        ]
        for inv in Invitation.objects.filter(conference=conference).for_overview():
            contact = inv.contact
            yield [
                contact.authority.name,
                contact.authority.get_kind_display(),
                contact.salutation,
                contact.full_name,
                contact.function,
                contact.email,
                _("without invitation") if inv.walk_in else inv.get_answer_display(),
                inv.deputy_for.contact.full_name if inv.deputy_for else "",
                present_labels[inv.attended],
            ]

    return xlsx_bytes(
        Sheet(
            title=pgettext("sheet", "Participants"),
            rows=rows(),
            large_rows=(1,),
            bold_rows=(4,),
            header_row=4,
            freeze="A5",
        )
    )


@in_document_language
def signin_sheet_pdf(conference):
    """The list to sign at the door, with blank rows for walk-ins."""
    rows = addressbook_selectors.signin_rows(conference)
    return render_pdf(
        template_name="teilnehmer/invitations/signin_sheet_pdf.html",
        context={
            "conference": conference,
            "rows": rows,
            # Numbered blank rows for walk-ins, after the invitees' numbers.
            "blank_rows": range(len(rows) + 1, len(rows) + 1 + SIGNIN_BLANK_ROWS),
            # "Stand" in the footer of every page: a line after the table
            # would open a page of its own when the rows fill the last one.
            "footer": _("%(title)s – %(date)s · As of %(printed)s")
            % {
                "title": conference.title,
                "date": f"{conference.date:%d.%m.%Y}",
                "printed": f"{timezone.localtime():%d.%m.%Y %H:%M}",
            },
        },
        # Names and functions of the participants: not for the public.
        marking=conference_marking(conference, level="internal"),
    )
