import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konferenz.documents.xlsx import neutralise
from teilnehmer.addressbook.models import AddressBookImport, Authority, Contact
from tests.factories import AuthorityFactory, ContactFactory, MembershipFactory
from tests.helpers import csv_rows, read_xlsx, upload_address_book

pytestmark = pytest.mark.django_db

HEADER = (
    "Behörde;Art;Straße;PLZ;Ort;E-Mail Behörde;Telefon Behörde;Website;"
    "Anrede;Titel;Vorname;Nachname;Funktion;E-Mail;Telefon;Leitung"
)
GOOD_AND_BAD = "\n".join(
    [
        HEADER,
        "Stadt Düren;Stadt / Gemeinde (inkl. Ordnungsamt);Kaiserplatz 2-4;52349;Düren;"
        ";02421 25-0;;Herr;;Frank;Peters;Bürgermeister;f.peters@dueren.example;;ja",
        "Stadt Düren;;;;;;;;Frau;;Anja;Kühn;Leiterin Ordnungsamt;"
        "a.kuehn@dueren.example;;nein",
        "Amtsgericht Jülich;Amtsgericht;Wilhelmstraße 15;52428;Jülich;;;;;;;;;;;",
        ";Amtsgericht;;;;;;;Herr;;Max;Ohne;Direktor;;;",
        "Finanzamt Jülich;Steueramt;;;;;;;Herr;;Karl;Falsch;Vorsteher;kein-at;;",
    ]
)


def _csv(text, encoding="utf-8", name="adressen.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_import_preview_writes_nothing_and_lists_the_two_errors(
    organiser_client, police_authority
):
    response = upload_address_book(organiser_client, _csv(GOOD_AND_BAD))
    preview = organiser_client.get(response["Location"])

    content = preview.content.decode()
    plan = preview.context["plan"]
    assert response.status_code == 302
    assert Authority.objects.count() == 0
    assert Contact.objects.count() == 0
    assert [(row.line, row.errors) for row in plan.error_rows] == [
        (5, ["Der Name der Behörde fehlt."]),
        (
            6,
            [
                "Unbekannte Art „Steueramt“. Erlaubt sind: "
                + ", ".join(str(label) for _v, label in Authority.Kind.choices)
                + ".",
                "Ungültige E-Mail-Adresse „kein-at“.",
            ],
        ),
    ]
    assert "Zeile 5: Der Name der Behörde fehlt." in content
    assert "2 neue Behörden" in content
    assert "2 neue Ansprechpersonen" in content


def test_import_confirm_imports_the_three_good_rows(
    organiser_client, organiser, police_authority
):
    preview_url = upload_address_book(organiser_client, _csv(GOOD_AND_BAD))["Location"]
    upload = AddressBookImport.objects.get()

    response = organiser_client.post(
        reverse("teilnehmer:import-confirm", args=[upload.pk])
    )

    assert response.status_code == 302
    assert sorted(
        Authority.objects.for_tenant(police_authority).values_list("name", flat=True)
    ) == ["Amtsgericht Jülich", "Stadt Düren"]
    dueren = Authority.objects.get(name="Stadt Düren")
    assert dueren.kind == "city"
    assert dueren.phone == "02421 250"
    assert sorted(
        (c.formal_name, c.function, c.is_leadership) for c in dueren.contacts.all()
    ) == [
        ("Frau Anja Kühn", "Leiterin Ordnungsamt", False),
        ("Herr Frank Peters", "Bürgermeister", True),
    ]
    assert Contact.objects.count() == 2
    assert dueren.history.get().history_user == organiser
    assert not AddressBookImport.objects.exists()
    assert organiser_client.get(preview_url).status_code == 404


def test_import_again_updates_instead_of_duplicating(
    organiser_client, police_authority
):
    authority = AuthorityFactory(
        police_authority=police_authority, name="Stadt Düren", kind="city", city=""
    )
    ContactFactory(
        authority=authority,
        first_name="Frank",
        last_name="Peters",
        email="f.peters@dueren.example",
        function="Bürgermeister",
    )
    upload_address_book(organiser_client, _csv(GOOD_AND_BAD))
    upload = AddressBookImport.objects.get()

    preview = organiser_client.get(
        reverse("teilnehmer:import-preview", args=[upload.pk])
    )
    organiser_client.post(reverse("teilnehmer:import-confirm", args=[upload.pk]))

    rows = preview.context["plan"].rows
    assert (rows[0].authority_action, rows[0].contact_action) == ("update", "update")
    authority.refresh_from_db()
    assert authority.city == "Düren"
    assert authority.version == 2
    assert authority.contacts.count() == 2


def test_import_warns_about_similar_authority_and_same_email(
    organiser_client, police_authority
):
    other = AuthorityFactory(police_authority=police_authority, name="Stadt Dueren")
    ContactFactory(authority=other, email="a.kuehn@dueren.example", last_name="Kühn")

    upload_address_book(organiser_client, _csv(GOOD_AND_BAD))
    upload = AddressBookImport.objects.get()
    preview = organiser_client.get(
        reverse("teilnehmer:import-preview", args=[upload.pk])
    )

    rows = preview.context["plan"].rows
    assert rows[0].warnings == [
        "Eine ähnliche Behörde gibt es bereits: „Stadt Dueren“."
    ]
    assert rows[1].warnings == [
        "Eine Person mit dieser E-Mail-Adresse gibt es bereits bei „Stadt Dueren“: "
        "Petra Kühn."
    ]


def test_import_reads_windows_1252_csv_with_commas(organiser_client):
    text = "\n".join(
        [
            HEADER.replace(";", ","),
            "Jugendamt Kreis Düren,Jugendamt,Bismarckstraße 16,52351,Düren,,,,"
            "Frau,,Jürgen,Müßig-Öztürk,Leiterin,,,ja",
        ]
    )

    upload_address_book(organiser_client, _csv(text, encoding="cp1252"))
    upload = AddressBookImport.objects.get()
    organiser_client.post(reverse("teilnehmer:import-confirm", args=[upload.pk]))

    contact = Contact.objects.get()
    assert contact.last_name == "Müßig-Öztürk"
    assert contact.authority.name == "Jugendamt Kreis Düren"
    assert contact.authority.street == "Bismarckstraße 16"


def test_windows_1252_csv_round_trip_keeps_umlauts(organiser_client, police_authority):
    authority = AuthorityFactory(
        police_authority=police_authority,
        name="Straßenverkehrsamt Köln-Süd",
        kind="city",
        street="Größe Straße 1",
        postal_code="50667",
        city="Köln",
        email="",
        phone="0221 4710100",
    )
    ContactFactory(
        authority=authority,
        first_name="Jörg",
        last_name="Weiß-Äbele",
        function="Leiter Ordnungsbehörde",
        email="joerg@koeln.example",
        phone="0221 4710101",
    )
    exported = organiser_client.get(
        reverse("teilnehmer:export"), {"format": "csv", "encoding": "cp1252"}
    )
    exported.content.decode("cp1252")  # really Windows-1252
    Contact.objects.all().delete()
    Authority.objects.all().delete()

    upload_address_book(
        organiser_client, _csv(exported.content.decode("cp1252"), "cp1252")
    )
    upload = AddressBookImport.objects.get()
    organiser_client.post(reverse("teilnehmer:import-confirm", args=[upload.pk]))

    restored = Contact.objects.select_related("authority").get()
    assert restored.authority.name == "Straßenverkehrsamt Köln-Süd"
    assert restored.authority.street == "Größe Straße 1"
    assert restored.authority.postal_code == "50667"
    assert restored.authority.phone == "0221 4710100"
    assert (restored.first_name, restored.last_name) == ("Jörg", "Weiß-Äbele")
    assert restored.function == "Leiter Ordnungsbehörde"


def test_import_reads_xlsx_template(organiser_client):
    template = organiser_client.get(reverse("teilnehmer:import-template"))

    response = upload_address_book(
        organiser_client, SimpleUploadedFile("vorlage.xlsx", template.content)
    )
    upload = AddressBookImport.objects.get()
    preview = organiser_client.get(response["Location"])
    organiser_client.post(reverse("teilnehmer:import-confirm", args=[upload.pk]))

    assert template["Content-Disposition"] == (
        'attachment; filename="adressbuch-musterdatei.xlsx"'
    )
    assert preview.context["plan"].error_rows == []
    contact = Contact.objects.select_related("authority").get()
    assert contact.formal_name == "Frau Dr. Erika Mustermann"
    assert contact.authority.kind == "prosecution"
    assert contact.authority.postal_code == "12345"


def test_import_unreadable_file_shows_german_error(organiser_client):
    response = upload_address_book(
        organiser_client, SimpleUploadedFile("adressen.xlsx", b"kein excel")
    )

    assert response.status_code == 200
    assert "Die Excel-Datei konnte nicht gelesen werden." in response.content.decode()
    assert not AddressBookImport.objects.exists()


def test_import_file_without_headings_is_refused(organiser_client):
    response = upload_address_book(organiser_client, _csv("a;b;c\n1;2;3"))

    assert response.status_code == 200
    assert (
        "Die erste Zeile muss die Spaltenüberschriften enthalten; es fehlt: "
        "Behörde, Nachname." in response.content.decode()
    )


def test_import_views_forbidden_for_reader(reader_client):
    assert reader_client.get(reverse("teilnehmer:import-upload")).status_code == 403
    assert reader_client.get(reverse("teilnehmer:import-template")).status_code == 403
    assert upload_address_book(reader_client, _csv(GOOD_AND_BAD)).status_code == 403
    assert not AddressBookImport.objects.exists()


def test_import_of_other_tenant_or_user_is_404(
    organiser_client, police_authority, other_police_authority
):
    foreign_user = MembershipFactory(
        police_authority=other_police_authority, is_organiser=True
    ).user
    foreign = AddressBookImport.objects.create(
        police_authority=other_police_authority,
        created_by=foreign_user,
        filename="x.csv",
        rows=[],
    )
    colleague = MembershipFactory(police_authority=police_authority, is_organiser=True)
    colleagues = AddressBookImport.objects.create(
        police_authority=police_authority,
        created_by=colleague.user,
        filename="y.csv",
        rows=[],
    )

    for upload in (foreign, colleagues):
        preview = reverse("teilnehmer:import-preview", args=[upload.pk])
        confirm = reverse("teilnehmer:import-confirm", args=[upload.pk])
        cancel = reverse("teilnehmer:import-cancel", args=[upload.pk])
        assert organiser_client.get(preview).status_code == 404
        assert organiser_client.post(confirm).status_code == 404
        assert organiser_client.post(cancel).status_code == 404
    assert AddressBookImport.objects.count() == 2


def test_import_confirm_and_cancel_need_post(organiser_client):
    upload_address_book(organiser_client, _csv(GOOD_AND_BAD))
    upload = AddressBookImport.objects.get()

    confirm = organiser_client.get(
        reverse("teilnehmer:import-confirm", args=[upload.pk])
    )
    cancel = organiser_client.get(reverse("teilnehmer:import-cancel", args=[upload.pk]))

    assert (confirm.status_code, cancel.status_code) == (405, 405)
    assert Authority.objects.count() == 0


def test_import_cancel_discards_upload(organiser_client):
    upload_address_book(organiser_client, _csv(GOOD_AND_BAD))
    upload = AddressBookImport.objects.get()

    response = organiser_client.post(
        reverse("teilnehmer:import-cancel", args=[upload.pk])
    )

    assert response.status_code == 302
    assert not AddressBookImport.objects.exists()
    assert Authority.objects.count() == 0


# Export -----------------------------------------------------------------------


def test_export_neutralises_formula_cells_in_csv_and_xlsx(
    organiser_client, police_authority
):
    authority = AuthorityFactory(
        police_authority=police_authority,
        name='=HYPERLINK("http://evil.example","klick")',
        street="+1 Straße",
        city="-Ort",
        notes="",
    )
    ContactFactory(
        authority=authority, first_name="@SUM(A1)", last_name="Normal", phone=""
    )

    csv_response = organiser_client.get(reverse("teilnehmer:export"), {"format": "csv"})
    xlsx_response = organiser_client.get(
        reverse("teilnehmer:export"), {"format": "xlsx"}
    )

    rows = csv_rows(csv_response.content)
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","klick")'
    assert rows[1][2] == "'+1 Straße"
    assert rows[1][4] == "'-Ort"
    assert rows[1][10] == "'@SUM(A1)"
    assert rows[1][11] == "Normal"
    sheet = read_xlsx(xlsx_response.content).active
    assert sheet["A2"].value == '=HYPERLINK("http://evil.example","klick")'
    assert sheet["A2"].data_type == "s"
    assert sheet["K2"].value == "@SUM(A1)"
    assert sheet["K2"].data_type == "s"


def test_export_respects_filter_and_tenant(
    organiser_client, police_authority, other_police_authority
):
    AuthorityFactory(police_authority=police_authority, name="Stadt A", kind="city")
    AuthorityFactory(
        police_authority=police_authority, name="Amtsgericht B", kind="local_court"
    )
    AuthorityFactory(
        police_authority=other_police_authority, name="Fremde Stadt", kind="city"
    )

    response = organiser_client.get(
        reverse("teilnehmer:export"), {"format": "csv", "art": "city"}
    )

    rows = csv_rows(response.content)
    assert rows[0][:2] == ["Behörde", "Art"]
    assert [row[0] for row in rows[1:]] == ["Stadt A"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_export_forbidden_for_reader(reader_client):
    assert reader_client.get(reverse("teilnehmer:export")).status_code == 403


def test_neutralise_leaves_plain_text_alone():
    assert neutralise("Stadt Düren") == "Stadt Düren"
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("") == ""
