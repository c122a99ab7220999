"""Words of the address-book import: a second row of an authority that an
earlier row of the same file creates is new, not "unverändert"; the sample
file is called the same on the link and on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilnehmer.addressbook.models import Authority, Contact

pytestmark = pytest.mark.django_db

CSV = (
    "Behörde;Art;Straße;PLZ;Ort;E-Mail Behörde;Telefon Behörde;Website;"
    "Anrede;Titel;Vorname;Nachname;Funktion;E-Mail;Telefon;Leitung\n"
    "Stadt Musterstadt;Stadt / Gemeinde (inkl. Ordnungsamt);Kaiserplatz 2;52349;"
    "Musterstadt;;;;Herr;;Frank;Peters;Bürgermeister;f.peters@muster.example;;ja\n"
    "Stadt Musterstadt;;;;;;;;Frau;;Anna;Weber;Leiterin des Ordnungsamtes;"
    "a.weber@muster.example;;nein\n"
)


def test_second_row_of_an_authority_new_in_the_file_is_called_new(
    organiser_client,
):
    upload = organiser_client.post(
        reverse("teilnehmer:import-upload"),
        {"file": SimpleUploadedFile("adressen.csv", CSV.encode(), "text/csv")},
    )
    preview = organiser_client.get(upload["Location"])

    rows = preview.context["plan"].rows
    assert [row.authority_action for row in rows] == ["create", "create_earlier"]
    html = preview.content.decode()
    assert "neu (wie Zeile 2)" in html
    assert "unverändert" not in html

    organiser_client.post(
        reverse("teilnehmer:import-confirm", args=[upload["Location"].split("/")[-2]])
    )
    assert Authority.objects.get().name == "Stadt Musterstadt"
    assert sorted(Contact.objects.values_list("last_name", flat=True)) == [
        "Peters",
        "Weber",
    ]


def test_sample_file_has_one_name_on_the_link_and_on_disk(organiser_client):
    page = organiser_client.get(reverse("teilnehmer:import-upload")).content.decode()
    download = organiser_client.get(reverse("teilnehmer:import-template"))

    assert "Musterdatei herunterladen (Excel)" in page
    assert download["Content-Disposition"] == (
        'attachment; filename="adressbuch-musterdatei.xlsx"'
    )
