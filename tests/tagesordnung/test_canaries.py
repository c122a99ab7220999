"""Canaries over every channel and every audience (docs/architecture.md,
classification; issue 14).

One conference holds a distinct canary string at every level: agenda items
(public, internal, VS-NfD, internal raised to VS-NfD after approval, VS-NfD
lowered to internal), minutes entries, decisions, actions and attachment
names, an internal item whose entry is VS-NfD, and a later conference whose
carry-over item (Wiedervorlage) was lowered to public. Each audience then
reads every channel, and no canary it may not read may appear anywhere.

Channels covered (a new channel that shows classified content joins here,
in ``STAFF_CHANNELS``, ``partner_texts`` or ``test_mails_…``):

- staff pages: agenda (both conferences), agenda item edit pages, attachment
  downloads, minutes page, minutes history, changes since approval, search,
  actions list, dashboard, press release page, ministry overview and topic
  map, the authority's statistics;
- exports: agenda PDF/DOCX (participant and internal version), minutes
  PDF/DOCX (participant and internal version), the minutes' PDF/A archive
  copy, actions XLSX, press TXT/DOCX/PDF, ministry and topic-map XLSX,
  statistics XLSX, the conference's iCalendar file;
- partner link: the partner page (agenda, minutes, own actions) of both
  conferences and every attachment download;
- mails: overdue-action reminders (command and button), minutes
  distribution, everything in the outbox.

Audiences: VS-NfD staff, staff without VS-NfD right (read-only), press
office, ministry; partners who were present, absent, declined, or were
unticked from the distribution list.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from docx import Document

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.press import services as press_services
from tagesordnung.agenda import services
from tagesordnung.agenda.models import AgendaItem, Attachment
from tagesordnung.minutes import services as minutes_services
from tagesordnung.minutes import tasks as minutes_tasks
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    PDF_BYTES,
    ActionItemFactory,
    AgendaItemFactory,
    AttachmentFactory,
    AuthorityFactory,
    ConferenceFactory,
    DecisionFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.helpers import pdf_pages, read_xlsx

pytestmark = pytest.mark.django_db

PUBLIC = {"PubTitleCanary", "PubEntryCanary", "PubDecisionCanary", "PubActionCanary"}
INTERNAL = {
    "IntTitleCanary",
    "IntEntryCanary",
    "IntDecisionCanary",
    "IntActionCanary",
    "IntAttachCanary",
    "LowTitleCanary",  # VS-NfD item lowered to internal
    "MixedTitleCanary",  # internal item whose entry is VS-NfD
}
SECRET = {
    "VsTitleCanary",
    "VsEntryCanary",
    "VsDecisionCanary",
    "VsActionCanary",
    "VsAttachCanary",
    # internal when written, VS-NfD since the item was raised
    "RaisedTitleCanary",
    "RaisedEntryCanary",
    "RaisedDecisionCanary",
    "RaisedActionCanary",
    "RaisedAttachCanary",
    # stored VS-NfD under an item that was lowered to internal
    "LowEntryCanary",
    "LowDecisionCanary",
    # internal decision/action under a VS-NfD entry of an internal item
    "MixedEntryCanary",
    "MixedDecisionCanary",
    "MixedActionCanary",
}
#: What only readers of the minutes see (not the agenda).
MINUTES = {
    "PubEntryCanary",
    "PubDecisionCanary",
    "PubActionCanary",
    "IntEntryCanary",
    "IntDecisionCanary",
    "IntActionCanary",
}
ALL = PUBLIC | INTERNAL | SECRET
TODAY = datetime.date.today()


def _text(response):
    """What a reader gets from a response: page text, or a document's text."""
    if response.status_code != 200:
        return ""
    content = b"".join(response.streaming_content) if response.streaming else None
    content = content if content is not None else response.content
    kind = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    if kind.startswith("application/pdf"):
        if content.startswith(PDF_BYTES):  # an uploaded attachment: its name
            return disposition
        return disposition + " ".join(" ".join(pdf_pages(content)).split())
    if "wordprocessingml" in kind:
        document = Document(io.BytesIO(content))
        cells = [
            cell.text
            for table in document.tables
            for row in table.rows
            for cell in row.cells
        ]
        return disposition + "\n".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheetml" in kind:
        book = read_xlsx(content)
        return "\n".join(
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return disposition + content.decode("utf-8", "replace")


class World:
    """The conference with canaries at every level (see module docstring)."""

    def __init__(self, police_authority):
        self.pa = police_authority
        self.organiser = MembershipFactory(
            police_authority=police_authority, is_organiser=True, may_read_vs_nfd=True
        ).user
        head = MembershipFactory(police_authority=police_authority, is_head=True).user
        self.conference = ConferenceFactory(
            police_authority=police_authority,
            date=TODAY - datetime.timedelta(days=30),
            status=Conference.Status.HELD,
        )
        conference = self.conference
        # Actions are assigned to an authority none of the partners belongs to.
        city = AuthorityFactory(police_authority=police_authority)
        self.items = {}
        specs = [
            ("Pub", Classification.PUBLIC, Classification.PUBLIC),
            ("Int", Classification.INTERNAL, Classification.INTERNAL),
            ("Vs", Classification.VS_NFD, Classification.VS_NFD),
            ("Raised", Classification.INTERNAL, Classification.INTERNAL),
            ("Low", Classification.VS_NFD, Classification.VS_NFD),
            ("Mixed", Classification.INTERNAL, Classification.VS_NFD),
        ]
        for position, (name, level, _entry_level) in enumerate(specs, start=1):
            self.items[name] = AgendaItemFactory(
                conference=conference,
                position=position,
                title=f"{name}TitleCanary",
                classification=level,
            )
        minutes = minutes_services.minutes_ensure(conference=conference)
        for name, level, entry_level in specs:
            entry = minutes.entries.get(agenda_item=self.items[name])
            entry.text = f"{name}EntryCanary wurde erörtert."
            entry.classification = entry_level
            entry.save()
            # Children at the lowest level their parent allowed when written;
            # the "Mixed" ones are below their VS-NfD entry on purpose (data
            # that predates the rule must stay hidden, too).
            child_level = level if name != "Low" else Classification.VS_NFD
            DecisionFactory(
                entry=entry, text=f"{name}DecisionCanary", classification=child_level
            )
            ActionItemFactory(
                entry=entry,
                description=f"{name}ActionCanary",
                classification=child_level,
                responsible=city,
                due_date=TODAY - datetime.timedelta(days=3),
            )
            if name in ("Int", "Vs", "Raised"):
                AttachmentFactory(
                    item=self.items[name],
                    original_name=f"{name}AttachCanary.pdf",
                    classification=level,
                )
        # Partners: present, absent, declined, present but unticked.
        self.partners = {
            "present": InvitationFactory(
                conference=conference,
                answer=Invitation.Answer.ACCEPTED,
                attended=True,
            ),
            "absent": InvitationFactory(
                conference=conference, answer=Invitation.Answer.ACCEPTED
            ),
            "declined": InvitationFactory(
                conference=conference, answer=Invitation.Answer.DECLINED
            ),
            "unticked": InvitationFactory(
                conference=conference,
                answer=Invitation.Answer.ACCEPTED,
                attended=True,
            ),
        }
        minutes_services.minutes_submit(
            minutes=minutes,
            comments_until=TODAY,
            short_ok=True,
            user=self.organiser,
        )
        minutes_services.minutes_approve(minutes=minutes, user=head, period_ok=True)
        # The archive copy is written after the commit; here, at once.
        minutes_tasks.store_minutes_archive.call(minutes.snapshots.get().pk)
        minutes_services.minutes_distribute(
            minutes=minutes,
            invitation_ids=[self.partners["present"].pk],
            user=self.organiser,
        )
        # After approval: one item raised, one lowered (through the service,
        # as the agenda editor does).
        for name, level in (
            ("Raised", Classification.VS_NFD),
            ("Low", Classification.INTERNAL),
        ):
            item = self.items[name]
            self.items[name] = services.item_update(
                item=item, version=item.version, classification=level
            )
        # A later conference: its carry-over item lowered to public.
        self.later = ConferenceFactory(
            police_authority=police_authority, date=TODAY + datetime.timedelta(days=60)
        )
        carry_over = services.carry_over_item_ensure(conference=self.later)
        services.item_update(
            item=carry_over,
            version=carry_over.version,
            classification=Classification.PUBLIC,
        )
        self.later_partner = InvitationFactory(
            conference=self.later, answer=Invitation.Answer.ACCEPTED
        )
        press_services.press_release_generate(
            conference=Conference.objects.get(pk=conference.pk), user=self.organiser
        )
        self.minutes = minutes


@pytest.fixture
def world(police_authority, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    return World(police_authority)


def _staff_urls(world):
    pk, later = world.conference.pk, world.later.pk
    urls = [
        reverse("konferenz:dashboard"),
        reverse("konferenz:conference-detail", args=[pk]),
        reverse("konferenz:conference-ics", args=[pk]),
        reverse("konferenz:ministry-overview"),
        reverse("konferenz:ministry-overview-xlsx"),
        reverse("tagesordnung:agenda", args=[pk]),
        reverse("tagesordnung:agenda", args=[later]),
        reverse("tagesordnung:minutes", args=[pk]),
        reverse("tagesordnung:minutes-history", args=[pk]),
        reverse("tagesordnung:minutes-diff", args=[pk]),
        reverse("tagesordnung:action-list"),
        reverse("tagesordnung:action-list-xlsx"),
        reverse("konferenz:press-release", args=[pk]),
        reverse("konferenz:ministry-topics"),
        reverse("konferenz:ministry-topics-xlsx"),
        reverse("konferenz:statistics"),
        reverse("konferenz:statistics-xlsx"),
        reverse("tagesordnung:minutes-archive", args=[pk, 1]),
    ]
    for fmt in ("pdf", "docx"):
        for version in ("teilnehmende", "intern"):
            for conference in (pk, later):
                urls.append(
                    reverse("tagesordnung:agenda-export", args=[conference, fmt])
                    + f"?fassung={version}"
                )
            urls.append(
                reverse("tagesordnung:minutes-export", args=[pk, fmt])
                + f"?fassung={version}"
            )
    for fmt in ("txt", "docx", "pdf"):
        urls.append(reverse("konferenz:press-release-export", args=[pk, fmt]))
    for item in AgendaItem.objects.filter(conference__in=[pk, later]):
        urls.append(reverse("tagesordnung:item-edit", args=[item.pk]))
    for attachment in Attachment.objects.all():
        urls.append(reverse("tagesordnung:attachment-download", args=[attachment.pk]))
    search = reverse("tagesordnung:minutes-search")
    # Search by word prefixes (the page repeats the query in its form).
    prefixes = ("Pub", "Int", "Vs", "Raised", "Low", "Mixed", "erörtert")
    urls += [f"{search}?q={prefix}" for prefix in prefixes]
    return urls


def _leaks(texts, forbidden):
    return sorted(
        (where, canary)
        for where, text in texts.items()
        for canary in forbidden
        if canary in text
    )


STAFF = {
    # audience: (membership roles, forbidden canaries)
    "vs_nfd_staff": ({"is_organiser": True, "may_read_vs_nfd": True}, set()),
    "reader": ({}, SECRET),
    "press_office": ({"is_press_office": True}, SECRET | INTERNAL),
}


@pytest.mark.parametrize("audience", [*STAFF, "ministry"])
def test_staff_audience_reads_no_canary_beyond_its_level(client, world, audience):
    if audience == "ministry":
        user = MembershipFactory(police_authority=None, is_ministry=True).user
        forbidden = SECRET | INTERNAL
    else:
        roles, forbidden = STAFF[audience]
        user = MembershipFactory(police_authority=world.pa, **roles).user
    client.force_login(user)

    texts = {url: _text(client.get(url)) for url in _staff_urls(world)}

    assert _leaks(texts, forbidden) == []
    if audience == "vs_nfd_staff":  # the test can see what it looks for
        minutes_page = texts[
            reverse("tagesordnung:minutes", args=[world.conference.pk])
        ]
        assert {"RaisedEntryCanary", "MixedDecisionCanary"} <= set(
            re.findall(r"\w+Canary", minutes_page)
        )
        archive = reverse("tagesordnung:minutes-archive", args=[world.conference.pk, 1])
        assert "VsEntryCanary" in texts[archive]
    if audience == "reader":
        agenda = texts[reverse("tagesordnung:agenda", args=[world.conference.pk])]
        assert "LowTitleCanary" in agenda  # lowered: now readable
        assert "in dieser Fassung nicht enthalten" in agenda


def _partner_texts(client, invitation):
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save()
    client.get(reverse("partner:open", args=[token]))
    texts = {"partner page": _text(client.get(reverse("partner:answer")))}
    for attachment in Attachment.objects.all():
        url = reverse("partner:attachment", args=[attachment.pk])
        texts[url] = _text(client.get(url))
    return texts


@pytest.mark.parametrize(
    ("partner", "forbidden"),
    [
        ("present", SECRET),
        ("absent", SECRET | MINUTES),
        ("declined", SECRET | MINUTES),
        ("unticked", SECRET | MINUTES),
    ],
)
def test_partner_reads_no_canary_beyond_its_level(client, world, partner, forbidden):
    texts = _partner_texts(client, world.partners[partner])

    assert _leaks(texts, forbidden) == []
    page = texts["partner page"]
    assert "IntTitleCanary" in page  # every invitee reads the agenda
    assert "TOP 3" in page and "TOP 4" in page  # one numbering for everyone
    if partner == "present":
        assert "IntDecisionCanary" in page


def test_partner_of_the_later_conference_sees_no_secret_open_action(client, world):
    texts = _partner_texts(client, world.later_partner)

    assert _leaks(texts, SECRET) == []
    assert "IntActionCanary" in texts["partner page"]  # the Wiedervorlage


def test_mails_carry_no_secret_canary_after_a_raise(client, world):
    mail.outbox.clear()
    client.force_login(world.organiser)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_overdue_actions", stdout=io.StringIO())
        client.post(reverse("tagesordnung:actions-remind"))
        minutes_services.minutes_distribute(
            minutes=world.minutes,
            invitation_ids=[world.partners["present"].pk],
            user=world.organiser,
        )

    texts = {
        f"mail {n} to {message.to}": "\n".join(
            [
                message.subject,
                message.body,
                *(
                    part[1] if isinstance(part[1], str) else ""
                    for part in message.attachments
                ),
                *(
                    alternative[0]
                    for alternative in getattr(message, "alternatives", [])
                ),
            ]
        )
        for n, message in enumerate(mail.outbox)
    }

    assert len(texts) >= 5  # reminders for the overdue actions and the minutes
    assert _leaks(texts, SECRET) == []
    assert any("IntActionCanary" in text for text in texts.values())


def test_cached_documents_serve_no_canary_to_a_lower_audience(client, world):
    """Issue 22: agenda and minutes documents are cached per conference stamp
    and audience. VS-NfD staff download every version first, so each lower
    audience then meets a warm cache."""
    documents = [url for url in _staff_urls(world) if "fassung=" in url]
    assert any("fassung=intern" in url for url in documents)
    client.force_login(
        MembershipFactory(police_authority=world.pa, **STAFF["vs_nfd_staff"][0]).user
    )
    warm = {url: _text(client.get(url)) for url in documents}
    assert any("VsEntryCanary" in text for text in warm.values())

    for audience in ("reader", "press_office"):
        roles, forbidden = STAFF[audience]
        client.force_login(MembershipFactory(police_authority=world.pa, **roles).user)
        texts = {url: _text(client.get(url)) for url in documents}
        assert _leaks(texts, forbidden) == [], audience


def test_cached_pages_serve_no_canary_to_a_lower_audience(world):
    """Issue 22: the agenda, minutes and press pages and the documents are
    cached per conference stamp, audience and permissions. VS-NfD staff – an
    editor and one with no role but the VS-NfD right – read every page and
    document first, so each lower audience then meets a warm cache (every
    account is made and logged in before: a new membership renews every
    stamp, so accounts made later would meet a cold one)."""
    pages = _staff_urls(world)
    roles = {
        "vs_nfd_editor": {"is_organiser": True, "may_read_vs_nfd": True},
        "vs_nfd_reader": {"may_read_vs_nfd": True},
        **{audience: roles for audience, (roles, _) in STAFF.items()},
    }
    clients = {}
    for audience, its_roles in roles.items():
        clients[audience] = Client()
        clients[audience].force_login(
            MembershipFactory(police_authority=world.pa, **its_roles).user
        )
    for audience in ("vs_nfd_editor", "vs_nfd_reader"):
        warm = {url: _text(clients[audience].get(url)) for url in pages}
        assert any("VsEntryCanary" in text for text in warm.values())

    for audience in ("reader", "press_office"):
        texts = {url: _text(clients[audience].get(url)) for url in pages}
        assert _leaks(texts, STAFF[audience][1]) == [], audience
