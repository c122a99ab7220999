"""The minutes as PDF and DOCX, internal or participant version.

Content is read through ``minutes_view`` (classification selector) with the
version's audience; the VS-NfD marking is on every page as soon as one
included part is VS-NfD.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from konferenz.core import changestamp
from konferenz.core.classification import Audience
from konferenz.core.i18n import in_document_language
from konferenz.core.models import Conference
from konferenz.documents.docx import DOCX_CONTENT_TYPE, document_bytes, new_document
from konferenz.documents.marking import conference_marking
from konferenz.documents.pdf import PDF_A, render_pdf
from konferenz.documents.xlsx import Sheet, title_rows, xlsx_bytes
from tagesordnung.agenda.exports import WITHHELD, item_number, place_line
from tagesordnung.minutes import selectors
from tagesordnung.minutes.selectors import minutes_view
from teilnehmer.invitations.models import Invitation

DOCX = DOCX_CONTENT_TYPE


@dataclass
class Attendance:
    present: list
    excused: list
    represented: list  # (original invitation, deputy invitation or name)


def attendance(conference):
    """Present, excused and represented, from the answers and the check-in."""
    # Only the rows that appear and only the columns that are printed (issue
    # 22: not every invitation with three joins for a few dozen names).
    invitations = list(
        Invitation.objects.filter(conference=conference)
        .filter(
            Q(attended=True)
            | Q(answer__in=[Invitation.Answer.DECLINED, Invitation.Answer.DEPUTY])
        )
        .select_related("contact__authority")
        .only(
            "answer",
            "attended",
            "deputy_name",
            "contact__title",
            "contact__first_name",
            "contact__last_name",
            "contact__function",
            "contact__authority__name",
        )
    )
    present = [i for i in invitations if i.attended]
    excused = [
        i
        for i in invitations
        if i.answer == Invitation.Answer.DECLINED and not i.attended
    ]
    represented = [
        i
        for i in invitations
        if i.answer == Invitation.Answer.DEPUTY and not i.attended
    ]
    key = lambda i: (i.contact.authority.name, i.contact.last_name)  # noqa: E731
    return Attendance(
        present=sorted(present, key=key),
        excused=sorted(excused, key=key),
        represented=sorted(represented, key=key),
    )


def _person(invitation):
    contact = invitation.contact
    return ", ".join(p for p in (contact.full_name, contact.function) if p)


def _deputy(invitation):
    return invitation.deputy_name or "–"


def by_authority(invitations):
    """[(authority name, [invitations])] in the order given (sorted by authority)."""
    groups = []
    for invitation in invitations:
        name = invitation.contact.authority.name
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(invitation)
    return groups


def _approval_line(minutes):
    if minutes.approved_at and minutes.approved_by:
        who = minutes.approved_by.get_full_name() or minutes.approved_by.username
        day = timezone.localtime(minutes.approved_at)
        return gettext("Approved on %(date)s by %(name)s") % {
            "date": f"{day:%d.%m.%Y}",
            "name": who,
        }
    return gettext("Not yet approved (%(status)s)") % {
        "status": minutes.get_status_display()
    }


def _distribution(minutes):
    if minutes.distributed_at is None:
        return []
    return list(
        minutes.distribution.select_related("contact__authority").order_by(
            "contact__authority__name", "contact__last_name", "pk"
        )
    )


def _minute_taker(minutes):
    user = minutes.minute_taker
    return (user.get_full_name() or user.username) if user else "–"


@in_document_language
def export(*, minutes, audience, fmt, internal, view=None):
    """(bytes, content type) of the minutes for ``audience`` (or of ``view``,
    when the caller has read it already)."""
    view = view or minutes_view(minutes=minutes, audience=audience)
    version = (
        gettext("Internal version")
        if internal
        else gettext("Version for the participants")
    )
    if fmt == "pdf":
        return _pdf(minutes, view, label=version), "application/pdf"
    conference = minutes.conference
    presence = attendance(conference)
    distribution = _distribution(minutes)
    marking = conference_marking(conference, level=view.level)
    title = minutes_title(conference)
    status_line = _status_line(minutes, marking, version)
    document = new_document(
        title=title, authority_name=conference.police_authority.name, marking=marking
    )
    document.add_paragraph(
        gettext("%(date)s, %(start)s to %(end)s")
        % {
            "date": date_format(conference.date, "l, d.m.Y"),
            "start": f"{conference.start_time:%H:%M}",
            "end": f"{conference.end_time:%H:%M}",
        }
        + (f" · {place_line(conference)}" if place_line(conference) else "")
    )
    document.add_paragraph(status_line)
    document.add_paragraph(
        gettext("Minute-taker: %(name)s") % {"name": _minute_taker(minutes)}
    )
    document.add_heading(gettext("Attendance"), level=2)
    document.add_paragraph(gettext("Present:")).runs[0].bold = True
    for authority, people in by_authority(presence.present):
        document.add_paragraph(
            f"{authority}: " + "; ".join(_person(i) for i in people),
            style="List Bullet",
        )
    if not presence.present:
        document.add_paragraph("–")
    document.add_paragraph(gettext("Excused:")).runs[0].bold = True
    for invitation in presence.excused:
        document.add_paragraph(
            f"{_person(invitation)} ({invitation.contact.authority.name})",
            style="List Bullet",
        )
    if presence.represented:
        document.add_paragraph(gettext("Represented:")).runs[0].bold = True
        for invitation in presence.represented:
            document.add_paragraph(
                gettext("%(person)s (%(authority)s) – represented by %(deputy)s")
                % {
                    "person": _person(invitation),
                    "authority": invitation.contact.authority.name,
                    "deputy": _deputy(invitation),
                },
                style="List Bullet",
            )
    for row in view.rows:
        if row.withheld:
            document.add_heading(f"{item_number(row.number)} – {WITHHELD}", level=2)
            continue
        document.add_heading(f"{item_number(row.number)}: {row.item.title}", level=2)
        if row.entry and row.entry.text:
            for paragraph in row.entry.text.split("\n\n"):
                document.add_paragraph(paragraph)
        for decision in row.decisions:
            document.add_paragraph(decision_line(decision.text), style="List Bullet")
        for action in row.actions:
            document.add_paragraph(
                gettext(
                    "Action: %(action)s – responsible: %(responsible)s, due %(date)s"
                    " (%(status)s)"
                )
                % {
                    "action": action.description,
                    "responsible": action.responsible.name,
                    "date": f"{action.due_date:%d.%m.%Y}",
                    "status": action.get_status_display(),
                },
                style="List Bullet",
            )
    document.add_heading(gettext("Approval"), level=2)
    document.add_paragraph(_approval_line(minutes))
    document.add_heading(gettext("Distribution list"), level=2)
    if distribution:
        for invitation in distribution:
            document.add_paragraph(
                f"{_person(invitation)} ({invitation.contact.authority.name})",
                style="List Bullet",
            )
    else:
        document.add_paragraph(gettext("Not yet distributed."))
    return document_bytes(document), DOCX


@in_document_language
def archive_pdf(minutes):
    """The archive copy of the approved minutes: the whole internal version
    (every classification) as PDF/A-2b."""
    view = minutes_view(minutes=minutes, audience=Audience.STAFF_VS_NFD)
    return _pdf(minutes, view, label=gettext("Archive copy"), variant=PDF_A)


def _pdf(minutes, view, *, label, variant=None):
    conference = minutes.conference
    presence = attendance(conference)
    marking = conference_marking(conference, level=view.level)
    return render_pdf(
        template_name="tagesordnung/pdf/minutes.html",
        context={
            "conference": conference,
            "minutes": minutes,
            "view": view,
            "present_groups": by_authority(presence.present),
            "attendance": presence,
            "title": minutes_title(conference),
            "status_line": _status_line(minutes, marking, label),
            "place": place_line(conference),
            "minute_taker": _minute_taker(minutes),
            "approval": _approval_line(minutes),
            "distribution": _distribution(minutes),
            "footer": label,
        },
        marking=marking,
        variant=variant,
    )


def _status_line(minutes, marking, label):
    return gettext(
        "%(kind)s · Version %(revision)s · %(status)s · As of %(date)s · %(label)s"
    ) % {
        "kind": minutes.get_kind_display(),
        "revision": minutes.revision,
        "status": minutes.get_status_display(),
        "date": f"{marking.date:%d.%m.%Y}",
        "label": label,
    }


@in_document_language
def actions_xlsx(*, police_authority, actions):
    """The actions (already filtered for the reader) as a workbook."""

    def rows():
        yield from title_rows(pgettext("minutes", "Actions"), police_authority.name)
        yield [
            gettext("Action"),
            gettext("Responsible"),
            gettext("Contact person"),
            pgettext("column heading", "Due"),
            gettext("Status"),
            gettext("Conference"),
            gettext("Date of the conference"),
        ]
        for action in actions:
            yield [
                action.description,
                action.responsible.name,
                action.contact.full_name if action.contact else "",
                f"{action.due_date:%d.%m.%Y}",
                action.get_status_display(),
                action.conference.title,
                f"{action.conference.date:%d.%m.%Y}",
            ]

    return xlsx_bytes(
        Sheet(
            title=pgettext("minutes", "Actions"),
            rows=rows(),
            large_rows=(1,),
            bold_rows=(4,),
            header_row=4,
            freeze="A5",
        )
    )


def minutes_title(conference):
    """“Protokoll – <conference>”: the title of the minutes' documents."""
    return gettext("Minutes – %(title)s") % {"title": conference.title}


def decision_line(text):
    """“Beschluss: <text>”: a decision in one line."""
    return gettext("Decision: %(text)s") % {"text": text}


@in_document_language
def archive_file_name(minutes, revision):
    """The file name of an archive copy, “Protokoll-2027-03-10-Version-1.pdf”."""
    return gettext("Minutes-%(date)s-Version-%(revision)s.pdf") % {
        "date": f"{minutes.conference.date:%Y-%m-%d}",
        "revision": revision,
    }


#: The versions of the minutes' documents: the participants' one, and the
#: internal one for each audience of staff (a reader gets their own).
VERSIONS = (
    ("teilnehmende", Audience.PARTICIPANT),
    ("intern", Audience.STAFF),
    ("intern", Audience.STAFF_VS_NFD),
)


def minutes_document(*, conference, fmt, version, audience):
    """``(bytes, content type, minutes id, VS-NfD parts shown)`` of the
    minutes as PDF or DOCX, or ``None`` without minutes; kept per conference
    change stamp, audience and version (konferenz/core/changestamp.py), with
    the VS-NfD parts it shows, so that the read log is written for every
    download, cached or not."""

    def build():
        minutes = selectors.minutes_of(conference)
        if minutes is None:
            return None  # not kept: the next download looks again
        minutes.conference = conference
        view = selectors.minutes_view(minutes=minutes, audience=audience)
        data, content_type = export(
            minutes=minutes,
            audience=audience,
            fmt=fmt,
            internal=version == "intern",
            view=view,
        )
        return data, content_type, minutes.pk, selectors.classified_reads(view)

    return changestamp.cached_document(
        kind=f"minutes-{fmt}-with-id-and-reads",  # a new shape: a new name
        conference_id=conference.pk,
        audience=audience,
        variant=version,
        render=build,
    )


def prerender(conference_ids):
    """Every version of the minutes PDF of each conference that has minutes,
    into the cache (the worker, right after a change:
    konferenz/core/prerender.py)."""
    conferences = Conference.objects.filter(
        pk__in=conference_ids, minutes__isnull=False
    ).select_related("police_authority")
    for conference in conferences:
        for version, audience in VERSIONS:
            minutes_document(
                conference=conference, fmt="pdf", version=version, audience=audience
            )
