"""The agenda as PDF and DOCX, in a participant or an internal version.

Items are read through the classification selector with the audience of the
version; the VS-NfD marking appears on every page as soon as one included item
is VS-NfD.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, pgettext

from konferenz.core import changestamp
from konferenz.core.classification import Audience, Classification, document_level
from konferenz.core.i18n import in_document_language
from konferenz.core.models import Conference
from konferenz.documents.docx import document_bytes, new_document
from konferenz.documents.marking import conference_marking
from konferenz.documents.pdf import render_pdf
from tagesordnung.agenda.selectors import agenda

#: The neutral line of an item a version does not contain (its number stays).
WITHHELD = gettext_lazy("not included in this version")

#: URL value → audience of the version.
VERSIONS = {
    "teilnehmende": Audience.PARTICIPANT,
    "intern": Audience.STAFF_VS_NFD,
}


def _agenda(conference, audience):
    plan = agenda(conference=conference, audience=audience)
    level = document_level(*(item.classification for item in plan.items))
    return plan, conference_marking(conference, level=level)


def _version_label(audience):
    if audience == Audience.PARTICIPANT:
        return gettext("Version for the participants")
    return gettext("Internal version")


def _title(conference):
    return gettext("Agenda – %(title)s") % {"title": conference.title}


def place_line(conference):
    """Venue, room and address in one line."""
    parts = [conference.venue_name, conference.venue_room, conference.venue_address]
    return ", ".join(p for p in parts if p)


@in_document_language
def agenda_pdf(*, conference, audience):
    plan, marking = _agenda(conference, audience)
    return render_pdf(
        template_name="tagesordnung/pdf/agenda.html",
        context={
            "conference": conference,
            "authority": conference.police_authority,
            "plan": plan,
            "place": place_line(conference),
            "internal": audience == Audience.STAFF_VS_NFD,
            "footer": _version_label(audience),
        },
        marking=marking,
    )


@in_document_language
def agenda_docx(*, conference, audience):
    plan, marking = _agenda(conference, audience)
    authority = conference.police_authority
    document = new_document(
        title=_title(conference), authority_name=authority.name, marking=marking
    )
    document.add_paragraph(_version_label(audience))
    when = date_format(conference.date, "l, d.m.Y")
    document.add_paragraph(
        gettext("%(date)s, %(start)s to %(end)s")
        % {
            "date": when,
            "start": f"{conference.start_time:%H:%M}",
            "end": f"{conference.end_time:%H:%M}",
        }
    )
    if place_line(conference):
        document.add_paragraph(place_line(conference))
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (
            pgettext("agenda item number", "Item"),
            gettext("Time"),
            gettext("Topic"),
            gettext("Presenter"),
        ),
        strict=True,
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in plan.rows:
        cells = table.add_row().cells
        cells[0].text = item_number(row.number)
        cells[1].text = f"{row.start:%H:%M}–{row.end:%H:%M}"
        if row.withheld:
            cells[2].text = str(WITHHELD)
            continue
        cells[2].text = row.item.title
        if row.item.description:
            cells[2].add_paragraph(row.item.description)
        for action in row.item.open_actions:
            cells[2].add_paragraph(
                action_line(
                    action.description, action.responsible.name, action.due_date
                ),
                style="List Bullet",
            )
        if row.item.classification == Classification.VS_NFD:
            cells[2].add_paragraph("VS-NfD").runs[0].bold = True
        cells[3].text = row.item.presenter_display
    document.add_paragraph(
        gettext("Expected end: %(time)s") % {"time": f"{plan.end:%H:%M}"}
    )
    return document_bytes(document)


def item_number(number):
    """“TOP 3”: the number of an agenda item as printed in documents."""
    return pgettext("agenda item number", "Item %(number)s") % {"number": number}


def action_line(description, responsible, due_date):
    """“<action> – <responsible>, fällig 30.06.2027”: an action in one line."""
    return gettext("%(action)s – %(responsible)s, due %(date)s") % {
        "action": description,
        "responsible": responsible,
        "date": f"{due_date:%d.%m.%Y}",
    }


def agenda_document(*, conference, fmt, audience):
    """The agenda's PDF or DOCX bytes for ``audience``, kept per conference
    change stamp and audience (konferenz/core/changestamp.py); the carry-over
    item shows actions of the authority's earlier conferences (its stamp)."""
    build = agenda_pdf if fmt == "pdf" else agenda_docx
    return changestamp.cached_document(
        kind=f"agenda-{fmt}",
        conference_id=conference.pk,
        tenant_id=conference.police_authority_id,
        audience=audience,
        render=lambda: build(conference=conference, audience=audience),
    )


def prerender(conference_ids):
    """Both versions of the agenda PDF of each conference, into the cache
    (the worker, right after a change: konferenz/core/prerender.py)."""
    conferences = Conference.objects.filter(pk__in=conference_ids).select_related(
        "police_authority"
    )
    for conference in conferences:
        for audience in VERSIONS.values():
            agenda_document(conference=conference, fmt="pdf", audience=audience)
