"""The minutes as PDF and DOCX, internal or participant version.

Content is read through ``minutes_view`` (classification selector) with the
version's audience; the VS-NfD marking is on every page as soon as one
included part is VS-NfD.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from konferenz.core.classification import Audience
from konferenz.documents.docx import DOCX_CONTENT_TYPE, document_bytes, new_document
from konferenz.documents.marking import conference_marking
from konferenz.documents.pdf import PDF_A, render_pdf
from konferenz.documents.xlsx import Sheet, title_rows, xlsx_bytes
from tagesordnung.agenda.exports import WITHHELD, place_line
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
    invitations = list(
        Invitation.objects.filter(conference=conference).select_related(
            "contact__authority", "deputy_for__contact", "deputy_invitation__contact"
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
        return f"Genehmigt am {day:%d.%m.%Y} durch {who}"
    return f"Noch nicht genehmigt ({minutes.get_status_display()})"


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


def export(*, minutes, audience, fmt, internal, view=None):
    """(bytes, content type) of the minutes for ``audience`` (or of ``view``,
    when the caller has read it already)."""
    view = view or minutes_view(minutes=minutes, audience=audience)
    version = "Interne Fassung" if internal else "Fassung für die Teilnehmenden"
    if fmt == "pdf":
        return _pdf(minutes, view, label=version), "application/pdf"
    conference = minutes.conference
    presence = attendance(conference)
    distribution = _distribution(minutes)
    marking = conference_marking(conference, level=view.level)
    title = f"Protokoll – {conference.title}"
    status_line = _status_line(minutes, marking, version)
    document = new_document(
        title=title, authority_name=conference.police_authority.name, marking=marking
    )
    document.add_paragraph(
        f"{date_format(conference.date, 'l, d.m.Y')}, "
        f"{conference.start_time:%H:%M} bis {conference.end_time:%H:%M} Uhr"
        + (f" · {place_line(conference)}" if place_line(conference) else "")
    )
    document.add_paragraph(status_line)
    document.add_paragraph(f"Protokollführung: {_minute_taker(minutes)}")
    document.add_heading("Anwesenheit", level=2)
    document.add_paragraph("Anwesend:").runs[0].bold = True
    for authority, people in by_authority(presence.present):
        document.add_paragraph(
            f"{authority}: " + "; ".join(_person(i) for i in people),
            style="List Bullet",
        )
    if not presence.present:
        document.add_paragraph("–")
    document.add_paragraph("Entschuldigt:").runs[0].bold = True
    for invitation in presence.excused:
        document.add_paragraph(
            f"{_person(invitation)} ({invitation.contact.authority.name})",
            style="List Bullet",
        )
    if presence.represented:
        document.add_paragraph("Vertreten:").runs[0].bold = True
        for invitation in presence.represented:
            document.add_paragraph(
                f"{_person(invitation)} ({invitation.contact.authority.name}) – "
                f"vertreten durch {_deputy(invitation)}",
                style="List Bullet",
            )
    for row in view.rows:
        if row.withheld:
            document.add_heading(f"TOP {row.number} – {WITHHELD}", level=2)
            continue
        document.add_heading(f"TOP {row.number}: {row.item.title}", level=2)
        if row.entry and row.entry.text:
            for paragraph in row.entry.text.split("\n\n"):
                document.add_paragraph(paragraph)
        for decision in row.decisions:
            document.add_paragraph(f"Beschluss: {decision.text}", style="List Bullet")
        for action in row.actions:
            document.add_paragraph(
                f"Maßnahme: {action.description} – verantwortlich: "
                f"{action.responsible.name}, fällig {action.due_date:%d.%m.%Y} "
                f"({action.get_status_display()})",
                style="List Bullet",
            )
    document.add_heading("Genehmigung", level=2)
    document.add_paragraph(_approval_line(minutes))
    document.add_heading("Verteiler", level=2)
    if distribution:
        for invitation in distribution:
            document.add_paragraph(
                f"{_person(invitation)} ({invitation.contact.authority.name})",
                style="List Bullet",
            )
    else:
        document.add_paragraph("Noch nicht verteilt.")
    return document_bytes(document), DOCX


def archive_pdf(minutes):
    """The archive copy of the approved minutes: the whole internal version
    (every classification) as PDF/A-2b."""
    view = minutes_view(minutes=minutes, audience=Audience.STAFF_VS_NFD)
    return _pdf(minutes, view, label="Archivexemplar", variant=PDF_A)


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
            "title": f"Protokoll – {conference.title}",
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
    return (
        f"{minutes.get_kind_display()} · Version {minutes.revision} · "
        f"{minutes.get_status_display()} · Stand: {marking.date:%d.%m.%Y} · {label}"
    )


def actions_xlsx(*, police_authority, actions):
    """The actions (already filtered for the reader) as a workbook."""

    def rows():
        yield from title_rows("Maßnahmen", police_authority.name)
        yield [
            "Maßnahme",
            "Verantwortlich",
            "Ansprechperson",
            "Fällig",
            "Status",
            "Konferenz",
            "Datum der Konferenz",
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
            title="Maßnahmen",
            rows=rows(),
            large_rows=(1,),
            bold_rows=(4,),
            header_row=4,
            freeze="A5",
        )
    )
