import datetime
import io
import zipfile

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from konferenz.core.models import Conference, Membership, PoliceAuthority
from tagesordnung.agenda.models import (
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)
from tagesordnung.minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from teilnehmer.addressbook.models import Authority, Contact
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


def zip_bytes(members):
    """A ZIP archive holding ``members`` ({name: text}), e.g. a fake Office file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    item = factory.SubFactory(AgendaItemFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="lage.pdf"))
    original_name = "lage.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    classification = factory.SelfAttribute("item.classification")


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
