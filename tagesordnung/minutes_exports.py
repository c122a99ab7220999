"""The minutes as PDF and DOCX, internal or participant version.

Content is read through ``minutes_view`` (classification selector) with the
version's audience; the VS-NfD marking is on every page as soon as one
included part is VS-NfD.
"""

from dataclasses import dataclass

from django.utils.formats import date_format

from konferenz.pdf import render_pdf
from konferenz.word import document_bytes, new_document
from tagesordnung.exports import WITHHELD
from tagesordnung.minutes_selectors import minutes_view
from teilnehmer.models import Invitation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
    name = ", ".join(p for p in (contact.full_name, contact.function) if p)
    return f"{name} ({contact.authority.name})"


def _deputy(invitation):
    return invitation.deputy_name or "–"


def export(*, minutes, audience, fmt, internal, view=None):
    """(bytes, content type) of the minutes for ``audience`` (or of ``view``,
    when the caller has read it already)."""
    view = view or minutes_view(minutes=minutes, audience=audience)
    conference = minutes.conference
    presence = attendance(conference)
    title = f"Protokoll – {conference.title}"
    if fmt == "pdf":
        data = render_pdf(
            template_name="tagesordnung/pdf/minutes.html",
            context={
                "conference": conference,
                "minutes": minutes,
                "view": view,
                "attendance": presence,
                "vs_nfd": view.vs_nfd,
                "internal": internal,
                "title": title,
                "footer": conference.police_authority.name,
            },
        )
        return data, "application/pdf"
    document = new_document(
        title=title,
        authority_name=conference.police_authority.name,
        vs_nfd=view.vs_nfd,
    )
    document.add_paragraph(
        f"{minutes.get_kind_display()} · {date_format(conference.date, 'l, d.m.Y')}"
        f" · Version {minutes.revision} · {minutes.get_status_display()}"
    )
    if not internal:
        document.add_paragraph("Fassung für die Teilnehmenden")
    document.add_heading("Anwesenheit", level=2)
    for label, people, fn in (
        ("Anwesend", presence.present, _person),
        ("Entschuldigt", presence.excused, _person),
    ):
        document.add_paragraph(f"{label}:").runs[0].bold = True
        for invitation in people:
            document.add_paragraph(fn(invitation), style="List Bullet")
    if presence.represented:
        document.add_paragraph("Vertreten:").runs[0].bold = True
        for invitation in presence.represented:
            document.add_paragraph(
                f"{_person(invitation)} – vertreten durch {_deputy(invitation)}",
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
    return document_bytes(document), DOCX
