import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from konferenz.core import locking
from konferenz.core.classification import Classification
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.press import german, services
from konferenz.press.models import PressRelease, PressReleaseVersion
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    DecisionFactory,
    InvitationFactory,
    MinutesEntryFactory,
    MinutesFactory,
)
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db

K = Authority.Kind


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "erste"),
        (2, "zweite"),
        (3, "dritte"),
        (4, "vierte"),
        (5, "fünfte"),
        (6, "sechste"),
        (7, "siebte"),
        (8, "achte"),
        (9, "neunte"),
        (10, "zehnte"),
        (11, "elfte"),
        (12, "zwölfte"),
    ],
)
def test_ordinal_words_for_the_first_twelve_conferences(n, word):
    assert german.ordinal(n) == word
    assert german.ordinal(n, dative=True) == word + "n"


def test_lists_join_naturally():
    assert german.join(["A"]) == "A"
    assert german.join(["A", "B"]) == "A und B"
    assert german.join(["A", "B", "C"], last="sowie") == "A, B sowie C"


def test_area_takes_the_right_preposition():
    assert german.in_area("Kreis Düren") == "im Kreis Düren"
    assert german.in_area("Märkischer Kreis") == "im Märkischen Kreis"
    assert german.in_area("Gelsenkirchen") == "in Gelsenkirchen"


@pytest.fixture
def gelsenkirchen(db):
    """A conference with the facts of the Gelsenkirchen 2019 press release."""
    pa = PoliceAuthority.objects.get(press_code="GE")
    pa.press_contact = (
        "Polizei Gelsenkirchen\nTorsten Sziesze\nTelefon: 0209 / 365 2010\n"
        "E-Mail: pressestelle.gelsenkirchen@polizei.nrw.de"
    )
    pa.save()
    conference = ConferenceFactory(
        police_authority=pa,
        date=datetime.date(2019, 4, 29),
        venue_name="Polizeipräsidium Gelsenkirchen",
        host_name="Anne Heselhaus-Schröer",
        host_function="Polizeipräsidentin",
        status=Conference.Status.HELD,
    )
    attending = [
        ("Staatsanwaltschaft Essen", K.PROSECUTION),
        ("Landgericht Essen", K.REGIONAL_COURT),
        ("Amtsgericht Gelsenkirchen", K.LOCAL_COURT),
        ("Stadt Gelsenkirchen", K.CITY),
        ("Hauptzollamt Dortmund", K.CUSTOMS),
        ("Bundespolizeiinspektion Dortmund", K.FEDERAL_POLICE),
        ("BOGESTRA AG", K.TRANSIT),
        ("Vestische Straßenbahnen GmbH", K.TRANSIT),
    ]
    for name, kind in attending:
        authority = AuthorityFactory(police_authority=pa, name=name, kind=kind)
        InvitationFactory(
            conference=conference,
            contact=ContactFactory(authority=authority),
            answer=Invitation.Answer.ACCEPTED,
            attended=True,
        )
    declined = AuthorityFactory(police_authority=pa, name="Finanzamt Gelsenkirchen-Süd")
    InvitationFactory(
        conference=conference,
        contact=ContactFactory(authority=declined),
        answer=Invitation.Answer.DECLINED,
        attended=False,
    )
    return conference


def test_draft_carries_the_gelsenkirchen_facts(gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)

    release = services.press_release_generate(conference=gelsenkirchen, user=press)
    text = services.ots_text(release)

    assert release.title == "POL-GE: Erste Sicherheitskonferenz in Gelsenkirchen"
    date_line, title_line, place, *_rest = text.split("\r\n\r\n")
    assert date_line == f"{timezone.localdate():%d.%m.%Y}"  # not published yet
    assert title_line == "POL-GE: Erste Sicherheitskonferenz in Gelsenkirchen"
    assert place == "Gelsenkirchen (ots)"
    assert "\n" not in text.replace("\r\n", "")  # CRLF throughout (ots wire)
    assert (
        "Polizeipräsidentin Anne Heselhaus-Schröer begrüßte am Montag, den 29.04.2019, "
        "im Polizeipräsidium Gelsenkirchen 8 Vertreterinnen und Vertreter" in text
    )
    assert "zur ersten Sicherheitskonferenz in Gelsenkirchen." in text
    for name in (
        "die Staatsanwaltschaft Essen",
        "das Landgericht Essen",
        "das Amtsgericht Gelsenkirchen",
        "die Stadt Gelsenkirchen",
        "das Hauptzollamt Dortmund",
        "die Bundespolizeiinspektion Dortmund",
        "die BOGESTRA AG",
        "die Vestische Straßenbahnen GmbH",
    ):
        assert name in text
    assert "Finanzamt Gelsenkirchen-Süd" not in text
    assert (
        " sowie aus dem öffentlichen Nahverkehr die BOGESTRA AG und die Vestische"
        in text
    )
    assert (
        "Rückfragen bitte an:\r\n\r\nPolizei Gelsenkirchen\r\nTorsten Sziesze" in text
    )
    assert text.endswith(
        "Original-Content von: Polizei Gelsenkirchen, "
        "übermittelt durch news aktuell\r\n"
    )


def test_representation_and_prefix_switch(make_member):
    police_authority = PoliceAuthority.objects.get(press_code="DN")
    ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2019, 10, 30),
        status=Conference.Status.HELD,
    )
    second = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2020, 10, 28),
        venue_name="Kreishaus Düren",
        host_name="Jürgen Möller",
        host_function="Abteilungsleiter Polizei",
        host_represents="des Landrates",
        status=Conference.Status.HELD,
    )
    release = services.press_release_generate(
        conference=second, user=make_member(police_authority, is_press_office=True)
    )

    assert release.title == "POL-DN: Zweite Sicherheitskonferenz im Kreis Düren"
    assert release.place_line == "Kreis Düren (ots)"
    assert release.body.startswith(
        "In Vertretung des Landrates begrüßte Jürgen Möller, Abteilungsleiter Polizei, "
        "am Mittwoch, den 28.10.2020, im Kreishaus Düren"
    )
    assert "zur zweiten Sicherheitskonferenz im Kreis Düren." in release.body


def test_draft_refused_before_the_conference_took_place(police_authority, make_member):
    conference = ConferenceFactory(police_authority=police_authority)

    with pytest.raises(services.PressError):
        services.press_release_generate(
            conference=conference, user=make_member(police_authority)
        )
    assert not PressRelease.objects.exists()


def test_approval_freezes_the_text(gelsenkirchen, make_member):
    pa = gelsenkirchen.police_authority
    press = make_member(pa, is_press_office=True)
    head = make_member(pa, is_head=True)
    release = services.press_release_generate(conference=gelsenkirchen, user=press)
    services.press_release_approve(release=release, user=head)
    approved_body = release.body

    release.refresh_from_db()
    services.press_release_update(
        release=release,
        version=release.version,
        user=press,
        title=release.title,
        place_line=release.place_line,
        body="Geänderter Text.",
        embargo_at=None,
    )

    release.refresh_from_db()
    frozen = PressReleaseVersion.objects.get(press_release=release, number=1)
    assert release.status == PressRelease.Status.DRAFT
    assert release.body == "Geänderter Text."
    assert frozen.body == approved_body
    assert "Geänderter Text." not in frozen.text
    assert frozen.approved_by == head


def test_stale_edit_is_refused_and_keeps_the_first_text(gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    release = services.press_release_generate(conference=gelsenkirchen, user=press)
    opened_version = release.version
    fields = {
        "title": release.title,
        "place_line": release.place_line,
        "embargo_at": None,
    }
    services.press_release_update(
        release=release,
        version=opened_version,
        user=press,
        body="Erste Fassung",
        **fields,
    )

    with pytest.raises(locking.StaleEdit):
        services.press_release_update(
            release=release, version=opened_version, user=press, body="Zweite", **fields
        )
    release.refresh_from_db()
    assert release.body == "Erste Fassung"


def test_stale_edit_page_shows_both_texts(client, gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    release = services.press_release_generate(conference=gelsenkirchen, user=press)
    client.force_login(press)
    url = reverse("konferenz:press-release-edit", args=[gelsenkirchen.pk])
    data = {"title": release.title, "place_line": release.place_line}
    client.post(url, {**data, "body": "Text von Anna", "version": release.version})

    response = client.post(
        url, {**data, "body": "Text von Ben", "version": release.version}
    )

    content = response.content.decode()
    assert response.status_code == 409  # one conflict answer (konferenz.core.locking)
    assert "in der Zwischenzeit gespeichert" in content
    assert "Text von Anna" in content
    assert "Text von Ben" in content
    release.refresh_from_db()
    assert release.body == "Text von Anna"


def test_quote_is_placed_after_the_lead(gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    release = services.press_release_generate(conference=gelsenkirchen, user=press)

    services.press_quote_add(
        release=release,
        person="Anne Heselhaus-Schröer",
        function="Polizeipräsidentin",
        text="Sicherheit ist eine Gemeinschaftsaufgabe.",
        placement="after_lead",
    )

    release.refresh_from_db()
    paragraphs = release.body.split("\n\n")
    assert paragraphs[1] == (
        "„Sicherheit ist eine Gemeinschaftsaufgabe.“, so Polizeipräsidentin "
        "Anne Heselhaus-Schröer."
    )


def test_exports_contain_the_release(client, gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    services.press_release_generate(conference=gelsenkirchen, user=press)
    client.force_login(press)

    def export(fmt):
        return client.get(
            reverse("konferenz:press-release-export", args=[gelsenkirchen.pk, fmt])
        )

    text = export("txt")
    docx = Document(io.BytesIO(export("docx").content))
    pdf = " ".join(" ".join(pdf_pages(export("pdf").content)).split())

    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        text.content.decode()
        .split("\r\n\r\n")[1]
        .startswith("POL-GE: Erste Sicherheitskonferenz")
    )
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    assert "Gelsenkirchen (ots)" in docx_text
    assert "Rückfragen bitte an:" in docx_text
    assert "Erste Sicherheitskonferenz in Gelsenkirchen" in pdf
    assert "Torsten Sziesze" in pdf


def test_press_page_roles(client, gelsenkirchen, make_member):
    pa = gelsenkirchen.police_authority
    url = reverse("konferenz:press-release-generate", args=[gelsenkirchen.pk])
    client.force_login(make_member(pa))  # read-only

    assert client.post(url).status_code == 403
    assert (
        client.get(
            reverse("konferenz:press-release", args=[gelsenkirchen.pk])
        ).status_code
        == 200
    )

    client.force_login(make_member(pa, is_press_office=True))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert PressRelease.objects.filter(conference=gelsenkirchen).exists()

    approve = reverse("konferenz:press-release-approve", args=[gelsenkirchen.pk])
    assert client.post(approve).status_code == 403
    client.force_login(make_member(pa, is_head=True))
    assert client.post(approve).status_code == 302
    assert PressRelease.objects.get().status == PressRelease.Status.APPROVED


def test_press_pages_of_another_tenant_answer_404(client, gelsenkirchen, make_member):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    services.press_release_generate(conference=gelsenkirchen, user=press)
    client.force_login(make_member(is_press_office=True, is_head=True))
    pk = gelsenkirchen.pk

    for name, args, method in [
        ("press-release", [pk], "get"),
        ("press-release-edit", [pk], "get"),
        ("press-release-export", [pk, "pdf"], "get"),
        ("press-release-generate", [pk], "post"),
        ("press-release-approve", [pk], "post"),
    ]:
        response = getattr(client, method)(reverse(f"konferenz:{name}", args=args))
        assert response.status_code == 404, name


CANARIES = {
    "intern item": "Spatz-Intern-TOP-31",
    "intern decision": "Spatz-Intern-Beschluss-32",
    "VS-NfD entry": "Kanarienvogel-VS-Eintrag-33",
    "VS-NfD decision": "Kanarienvogel-VS-Beschluss-34",
}


@pytest.fixture
def classified_conference(gelsenkirchen):
    """The Gelsenkirchen facts plus minutes holding a canary in every place
    that must never reach the press."""
    public = AgendaItemFactory(
        conference=gelsenkirchen,
        title="Sicherheit im Öffentlichen Personennahverkehr",
        classification=Classification.PUBLIC,
    )
    intern = AgendaItemFactory(
        conference=gelsenkirchen,
        title=f"Lagebild {CANARIES['intern item']}",
        classification=Classification.INTERNAL,
    )
    minutes = MinutesFactory(conference=gelsenkirchen)
    public_entry = MinutesEntryFactory(
        minutes=minutes,
        agenda_item=public,
        classification=Classification.PUBLIC,
        text="Erörtert wurde der Nahverkehr.",
    )
    MinutesEntryFactory(
        minutes=minutes,
        agenda_item=intern,
        classification=Classification.VS_NFD,
        text=f"Erörtert: {CANARIES['VS-NfD entry']}",
    )
    DecisionFactory(
        entry=public_entry,
        text="Die Ordnungspartnerschaft Hauptbahnhof wird fortgesetzt.",
        classification=Classification.PUBLIC,
    )
    DecisionFactory(
        entry=public_entry,
        text=CANARIES["intern decision"],
        classification=Classification.INTERNAL,
    )
    DecisionFactory(
        entry=public_entry,
        text=CANARIES["VS-NfD decision"],
        classification=Classification.VS_NFD,
    )
    return gelsenkirchen


def test_nothing_internal_reaches_the_release_or_its_exports(
    client, classified_conference, make_member
):
    press = make_member(classified_conference.police_authority, is_press_office=True)
    release = services.press_release_generate(
        conference=classified_conference, user=press
    )
    client.force_login(press)

    def export(fmt):
        response = client.get(
            reverse(
                "konferenz:press-release-export", args=[classified_conference.pk, fmt]
            )
        )
        assert response.status_code == 200
        return response.content

    docx = Document(io.BytesIO(export("docx")))
    texts = {
        "draft": f"{release.title}\n{release.body}",
        "page": client.get(
            reverse("konferenz:press-release", args=[classified_conference.pk])
        ).content.decode(),
        "txt": export("txt").decode(),
        "docx": "\n".join(p.text for p in docx.paragraphs),
        "pdf": " ".join(" ".join(pdf_pages(export("pdf"))).split()),
    }

    # The public facts are there …
    assert "Sicherheit im Öffentlichen Personennahverkehr" in texts["txt"]
    assert "Ordnungspartnerschaft Hauptbahnhof wird fortgesetzt" in texts["txt"]
    # … and no canary in any form.
    for form, text in texts.items():
        for place, canary in CANARIES.items():
            assert canary not in text, f"{place} in {form}"


def test_press_office_is_refused_the_internal_minutes(
    client, classified_conference, make_member
):
    # A missing right is 403 (konferenz/core/access.py), as on the agenda
    # export; the minutes page shows public facts only.
    client.force_login(
        make_member(classified_conference.police_authority, is_press_office=True)
    )
    pk = classified_conference.pk

    for name, args in (
        ("tagesordnung:minutes-export", [pk, "pdf"]),
        ("tagesordnung:minutes-export", [pk, "docx"]),
        ("tagesordnung:minutes-history", [pk]),
        ("tagesordnung:minutes-diff", [pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    page = client.get(reverse("tagesordnung:minutes", args=[pk])).content.decode()
    for canary in CANARIES.values():
        assert canary not in page


def test_sequence_number_and_guest_names_chosen_by_the_press_office(
    gelsenkirchen, make_member
):
    press = make_member(gelsenkirchen.police_authority, is_press_office=True)
    release = services.press_release_generate(conference=gelsenkirchen, user=press)
    PressRelease.objects.filter(pk=release.pk).update(
        sequence_number=3, name_guests=True
    )

    third = services.press_release_generate(conference=gelsenkirchen, user=press)
    PressRelease.objects.filter(pk=release.pk).update(sequence_number=0)
    unnumbered = services.press_release_generate(conference=gelsenkirchen, user=press)

    guest = Invitation.objects.filter(conference=gelsenkirchen, attended=True).first()
    assert third.title == "POL-GE: Dritte Sicherheitskonferenz in Gelsenkirchen"
    assert "zur dritten Sicherheitskonferenz" in third.body
    assert "Zu den Gästen gehörten" in third.body
    assert guest.contact.formal_name in third.body
    assert unnumbered.title == "POL-GE: Sicherheitskonferenz in Gelsenkirchen"


def test_authority_groups_are_named_after_the_kinds_present():
    from konferenz.press import generator

    def facts(*authorities):
        return generator.PressFacts(
            conference=None,
            sequence=1,
            attending=[Authority(name=n, kind=k) for n, k in authorities],
        )

    city_only = generator.participants(facts(("Stadt Marl", Authority.Kind.CITY)))
    district = generator.participants(
        facts(
            ("Stadt Marl", Authority.Kind.CITY),
            ("Kreis Recklinghausen", Authority.Kind.DISTRICT),
        )
    )
    others = generator.participants(
        facts(
            ("Staatsanwaltschaft Essen", Authority.Kind.PROSECUTION),
            ("Polizeibeirat Marl", Authority.Kind.POLICE_ADVISORY_BOARD),
            ("Sicherheitskooperation Innenstadt", Authority.Kind.OTHER),
        )
    )

    assert city_only == "Vertreten waren aus der Kommunalverwaltung die Stadt Marl."
    assert "aus den Kommunen und der Kreisverwaltung" in district
    assert others == (
        "Vertreten waren aus der Justiz die Staatsanwaltschaft Essen sowie der "
        "Polizeibeirat Marl und die Sicherheitskooperation Innenstadt."
    )
