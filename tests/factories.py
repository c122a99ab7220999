import datetime
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from konferenz.accounts.models import AccountEvent, SsoIdentity, SsoLinkGrant
from konferenz.core.models import (
    CalendarFeed,
    ChangeStamp,
    Conference,
    ConferenceTransition,
    Membership,
    OutboxMail,
    PoliceAuthority,
    RateCount,
    StoredFile,
)
from konferenz.press.models import (
    PressQuote,
    PressRelease,
    PressReleaseVersion,
    QuoteApprovalRecord,
)
from tagesordnung.agenda.models import (
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)
from tagesordnung.minutes.models import (
    ActionItem,
    ActionProgress,
    ClassifiedReadLog,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesSnapshot,
)
from teilnehmer.addressbook.models import (
    AddressBookImport,
    Authority,
    Contact,
    ContactCheck,
    ContactCheckSettings,
)
from teilnehmer.invitations.models import Invitation


class PoliceAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceAuthority

    name = factory.Sequence(lambda n: f"Polizeipräsidium Teststadt {n}")
    short_name = factory.Sequence(lambda n: f"Polizei Teststadt {n}")
    kind = PoliceAuthority.Kind.PRESIDIUM
    press_code = factory.Sequence(lambda n: f"T{n}")
    seat = "Teststadt"
    area = "Teststadt"
    head_title = "Polizeipräsidentin"
    head_name = "Dr. Erika Muster"
    press_contact = "Polizei Teststadt\nPressestelle\nTelefon: 0000 / 000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Nutzer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@polizei.nrw.example")
    password = factory.django.Password("Geheim-Passwort-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    police_authority = factory.SubFactory(PoliceAuthorityFactory)


class MemberFactory(UserFactory):
    """A user with a plain membership of ``police_authority`` (a new one if
    not given)."""

    class Params:
        police_authority = factory.SubFactory(PoliceAuthorityFactory)

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        police_authority=factory.SelfAttribute("..police_authority"),
    )


def _member_of(path):
    """A SubFactory for a user who is a member of the authority at ``path``
    (relative to the row being built)."""
    return factory.SubFactory(
        MemberFactory, police_authority=factory.SelfAttribute(f"..{path}")
    )


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    title = factory.Sequence(lambda n: f"Sicherheitskonferenz {n}")
    kind = Conference.Kind.MAIN
    date = datetime.date(2027, 3, 10)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)
    venue_name = "Polizeipräsidium"
    venue_address = "Musterstraße 1, 12345 Teststadt"
    host_name = "Dr. Erika Muster"
    host_function = "Polizeipräsidentin"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    name = factory.Sequence(lambda n: f"Staatsanwaltschaft Teststadt {n}")
    kind = Authority.Kind.PROSECUTION
    city = "Teststadt"
    email = factory.Sequence(lambda n: f"poststelle{n}@sta.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    authority = factory.SubFactory(AuthorityFactory)
    salutation = Contact.Salutation.MS
    first_name = "Petra"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    function = "Leitende Oberstaatsanwältin"
    email = factory.Sequence(lambda n: f"person{n}@sta.example")
    is_leadership = True


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    conference = factory.SubFactory(ConferenceFactory)
    contact = factory.SubFactory(
        ContactFactory,
        authority__police_authority=factory.SelfAttribute(
            "...conference.police_authority"
        ),
    )


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    name = factory.Sequence(lambda n: f"Eigenes Thema {n}")


class StrategyGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyGoal

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    name = factory.Sequence(lambda n: f"Ziel {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    conference = factory.SubFactory(ConferenceFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")
    duration_minutes = 15
    classification = AgendaItem._meta.get_field("classification").default


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    invitation = factory.SubFactory(InvitationFactory)
    conference = factory.SelfAttribute("invitation.conference")
    title = factory.Sequence(lambda n: f"Themenvorschlag {n}")
    description = "Kurzbeschreibung"


#: The smallest file the content check accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    item = factory.SubFactory(AgendaItemFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="lage.pdf"))
    original_name = "lage.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    classification = factory.SelfAttribute("item.classification")
    uploaded_by = _member_of("item.conference.police_authority")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    conference = factory.SubFactory(ConferenceFactory)


class MinutesEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesEntry

    minutes = factory.SubFactory(MinutesFactory)
    agenda_item = factory.SubFactory(
        AgendaItemFactory, conference=factory.SelfAttribute("..minutes.conference")
    )
    text = "Die Lage wurde erörtert."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    entry = factory.SubFactory(MinutesEntryFactory)
    text = factory.Sequence(lambda n: f"Beschluss {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    entry = factory.SubFactory(MinutesEntryFactory)
    conference = factory.SelfAttribute("entry.minutes.conference")
    description = factory.Sequence(lambda n: f"Maßnahme {n}")
    responsible = factory.SubFactory(
        AuthorityFactory,
        police_authority=factory.SelfAttribute("..conference.police_authority"),
    )
    due_date = datetime.date(2027, 6, 30)


# --- Factories of the remaining models ---------------------------------------
# Every row a factory makes belongs to one police authority: users that act on
# a row are members of the row's authority (MemberFactory), invitations and
# agenda items hang off the same conference. tests/test_factories.py checks
# that every concrete model has a factory here and that the rows are valid.


class ConferenceTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceTransition

    conference = factory.SubFactory(ConferenceFactory)
    from_status = Conference.Status.DRAFT
    to_status = Conference.Status.INVITED
    by = _member_of("conference.police_authority")
    cause = ConferenceTransition.Cause.MANUAL


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    class Params:
        token = factory.Sequence(lambda n: f"kalender-token-{n:040d}")

    user = factory.SubFactory(MemberFactory)
    token_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.token.encode("ascii")).hexdigest()
    )
    created_at = factory.LazyFunction(timezone.now)


class PressReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressRelease

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"POL-T{n}: Sicherheitskonferenz {n}")
    place_line = "Teststadt (ots)"
    body = "Zur Sicherheitskonferenz kamen Vertreterinnen und Vertreter zusammen."
    author = _member_of("conference.police_authority")


class PressQuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressQuote

    press_release = factory.SubFactory(PressReleaseFactory)
    person = "Dr. Erika Muster"
    function = "Polizeipräsidentin"
    text = "Sicherheit ist eine Gemeinschaftsaufgabe."


class PressReleaseVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressReleaseVersion

    press_release = factory.SubFactory(PressReleaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.SelfAttribute("press_release.title")
    place_line = factory.SelfAttribute("press_release.place_line")
    body = factory.SelfAttribute("press_release.body")
    text = factory.LazyAttribute(lambda o: f"{o.title}\n\n{o.place_line} - {o.body}")
    approved_by = _member_of("press_release.conference.police_authority")
    approved_at = factory.LazyFunction(timezone.now)


class QuoteApprovalRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuoteApprovalRecord

    version = factory.SubFactory(PressReleaseVersionFactory)
    person = "Dr. Erika Muster"
    text = "Sicherheit ist eine Gemeinschaftsaufgabe."
    approval = "approved"


class AccountEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountEvent

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    user = _member_of("police_authority")
    actor = _member_of("police_authority")
    action = AccountEvent.Action.INVITED


class AddressBookImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AddressBookImport

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    created_by = _member_of("police_authority")
    filename = "adressen.csv"
    rows = factory.LazyFunction(
        lambda: [
            {
                "authority_name": "Stadt Teststadt – Ordnungsamt",
                "last_name": "Muster",
                "email": "muster@stadt.example",
                "line": 2,
            }
        ]
    )


class ActionProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionProgress

    action = factory.SubFactory(ActionItemFactory)
    note = "Erster Termin hat stattgefunden."
    status = ActionItem.Status.IN_PROGRESS
    by_user = _member_of("action.conference.police_authority")


class MinutesCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesComment

    entry = factory.SubFactory(MinutesEntryFactory)
    invitation = factory.SubFactory(
        InvitationFactory,
        conference=factory.SelfAttribute("..entry.minutes.conference"),
    )
    text = "Bitte ergänzen Sie die Zahlen des Vorjahres."


class MinutesSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesSnapshot

    minutes = factory.SubFactory(MinutesFactory)
    revision = factory.Sequence(lambda n: n + 1)
    #: Shaped like ``minutes_selectors.snapshot_content``: one internal entry
    #: whose agenda item no longer exists.
    content = factory.LazyFunction(
        lambda: [
            {
                "item_id": None,
                "entry_id": None,
                "item": "Lagebild",
                "item_classification": "internal",
                "text": "Die Lage wurde erörtert.",
                "classification": "internal",
                "decisions": [],
                "actions": [],
            }
        ]
    )
    approved_by = _member_of("minutes.conference.police_authority")
    approved_at = factory.LazyFunction(timezone.now)


class ClassifiedReadLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassifiedReadLog

    class Params:
        entry = factory.SubFactory(MinutesEntryFactory)

    minutes = factory.SelfAttribute("entry.minutes")
    user = _member_of("minutes.conference.police_authority")
    kind = ClassifiedReadLog.Kind.ENTRY
    object_id = factory.SelfAttribute("entry.pk")


class ChangeStampFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeStamp

    key = factory.Sequence(lambda n: f"c:{900000 + n}")
    token = factory.Faker("hexify", text="^" * 32)


class OutboxMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMail

    kind = "accounts.user_invitation"
    args = factory.LazyFunction(dict)
    next_attempt_at = factory.LazyFunction(timezone.now)


class RateCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateCount

    key = factory.Sequence(lambda n: f"siko-rate:test:127.0.0.1:{n}")
    count = 1
    expires = factory.LazyFunction(lambda: timezone.now().timestamp() + 60)


class StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredFile

    name = factory.Sequence(lambda n: f"anlagen/datei-{n}.pdf")
    content = b"%PDF-1.7 test"
    size = factory.LazyAttribute(lambda f: len(f.content))
    sha256 = factory.LazyAttribute(lambda f: hashlib.sha256(f.content).hexdigest())


class SsoIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SsoIdentity

    user = factory.SubFactory(MemberFactory)
    issuer = "https://idp.polizei.nrw.example"
    subject = factory.Sequence(lambda n: f"subject-{n}")


class SsoLinkGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SsoLinkGrant

    user = factory.SubFactory(MemberFactory)
    granted_by = factory.SubFactory(
        MemberFactory,
        police_authority=factory.SelfAttribute("..user.membership.police_authority"),
    )
    valid_until = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=3)
    )


class ContactCheckSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactCheckSettings

    police_authority = factory.SubFactory(PoliceAuthorityFactory)
    reminder_month = 3


class ContactCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactCheck

    contact = factory.SubFactory(ContactFactory)
    requested_at = factory.LazyFunction(timezone.now)
