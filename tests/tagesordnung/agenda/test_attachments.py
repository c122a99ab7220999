import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konferenz.core.classification import Classification
from tagesordnung.agenda import services
from tagesordnung.agenda.filetypes import attachment_response
from tagesordnung.agenda.models import Attachment
from teilnehmer.partner import content as partner
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    AttachmentFactory,
    ConferenceFactory,
    InvitationFactory,
)
from tests.helpers import docx_bytes, pptx_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _zip_without_office_parts():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lage.pdf", PDF_BYTES, "application/pdf"),
        (
            "lage.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "zahlen.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "folien.pptx",
            pptx_bytes(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("karte.png", PNG_BYTES, "image/png"),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "png"],
)
def test_allowed_files_are_stored_under_a_random_name(
    item, organiser, name, content, content_type
):
    attachment = services.attachment_add(
        item=item,
        upload=_upload(name, content),
        classification=Classification.INTERNAL,
        user=organiser,
    )

    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert name.split(".")[0] not in attachment.file.name
    assert attachment.file.name.startswith("tagesordnung/")
    with attachment.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lage.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("lage.docx", _zip_without_office_parts()),
        ("lage.exe", b"MZ\x90\x00\x03"),
        ("lage.pdf", docx_bytes()),  # content and name disagree
    ],
    ids=["html-renamed-pdf", "zip-renamed-docx", "exe", "docx-renamed-pdf"],
)
def test_file_not_matching_an_allowed_type_is_rejected(item, organiser, name, content):
    with pytest.raises(services.AgendaError):
        services.attachment_add(
            item=item,
            upload=_upload(name, content),
            classification=Classification.INTERNAL,
            user=organiser,
        )

    assert not Attachment.objects.exists()


def test_file_over_the_size_limit_is_rejected(item, organiser, settings):
    settings.SIKO_ATTACHMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024)

    with pytest.raises(services.AgendaError, match="größer als 1 MB"):
        services.attachment_add(
            item=item,
            upload=_upload("gross.pdf", content),
            classification=Classification.INTERNAL,
            user=organiser,
        )


def test_attachment_is_never_lower_than_its_item(organiser, police_authority):
    item = AgendaItemFactory(
        conference__police_authority=police_authority,
        classification=Classification.VS_NFD,
    )

    attachment = services.attachment_add(
        item=item,
        upload=_upload("lage.pdf", PDF_BYTES),
        classification=Classification.PUBLIC,
        user=organiser,
    )

    assert attachment.classification == Classification.VS_NFD


def test_upload_view_rejects_html_renamed_pdf_with_german_message(
    organiser_client, item
):
    response = organiser_client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {
            "file": _upload("lage.pdf", b"<html><body>Hallo</body></html>"),
            "classification": "internal",
        },
        follow=True,
    )

    assert "Dieser Dateityp ist nicht erlaubt." in response.content.decode()
    assert not Attachment.objects.exists()


def test_upload_view_as_reader_is_403(client, reader, item):
    client.force_login(reader)

    response = client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {"file": _upload("lage.pdf", PDF_BYTES), "classification": "internal"},
    )

    assert response.status_code == 403


def test_download_is_an_attachment_with_nosniff(organiser_client, item):
    attachment = AttachmentFactory(item=item, original_name="Lagebild 2026.pdf")

    response = organiser_client.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Lagebild 2026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_of_other_tenants_attachment_is_404(organiser_client):
    attachment = AttachmentFactory()

    response = organiser_client.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )

    assert response.status_code == 404


def test_download_of_vs_nfd_attachment_without_the_right_is_404(
    client, reader, police_authority
):
    attachment = AttachmentFactory(
        item__conference__police_authority=police_authority,
        item__classification=Classification.VS_NFD,
    )
    client.force_login(reader)

    response = client.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )

    assert response.status_code == 404


def test_press_office_cannot_download_internal_attachment(
    client, make_member, police_authority, item
):
    attachment = AttachmentFactory(item=item)
    client.force_login(make_member(police_authority, is_press_office=True))

    response = client.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )

    assert response.status_code == 404


def test_partner_gets_internal_attachment_of_own_conference(item):
    attachment = AttachmentFactory(item=item)
    invitation = InvitationFactory(conference=item.conference)

    found = partner.attachment_for_partner(invitation=invitation, pk=attachment.pk)
    response = attachment_response(found)

    assert found == attachment
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_partner_of_another_conference_gets_404(item):
    from django.http import Http404

    attachment = AttachmentFactory(item=item)
    other = InvitationFactory(
        conference=ConferenceFactory(police_authority=item.conference.police_authority)
    )

    with pytest.raises(Http404):
        partner.attachment_for_partner(invitation=other, pk=attachment.pk)


def test_partner_never_gets_a_vs_nfd_attachment(item):
    from django.http import Http404

    attachment = AttachmentFactory(item=item, classification=Classification.VS_NFD)
    invitation = InvitationFactory(conference=item.conference)

    with pytest.raises(Http404):
        partner.attachment_for_partner(invitation=invitation, pk=attachment.pk)


def test_attachment_delete_removes_the_file(organiser_client, item):
    attachment = AttachmentFactory(item=item)
    storage, name = attachment.file.storage, attachment.file.name
    url = reverse("tagesordnung:attachment-delete", args=[attachment.pk])

    assert organiser_client.get(url).status_code == 405
    response = organiser_client.post(url)

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


def test_attachment_delete_as_reader_is_403_and_other_tenant_404(
    client, reader, organiser_client, item
):
    own = AttachmentFactory(item=item)
    foreign = AttachmentFactory()

    assert (
        organiser_client.post(
            reverse("tagesordnung:attachment-delete", args=[foreign.pk])
        ).status_code
        == 404
    )
    client.force_login(reader)
    assert (
        client.post(
            reverse("tagesordnung:attachment-delete", args=[own.pk])
        ).status_code
        == 403
    )
    assert Attachment.objects.count() == 2


def test_upload_to_other_tenants_item_is_404(organiser_client):
    foreign = AgendaItemFactory()

    response = organiser_client.post(
        reverse("tagesordnung:attachment-upload", args=[foreign.pk]),
        {"file": _upload("lage.pdf", PDF_BYTES), "classification": "internal"},
    )

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_upload_view_stores_the_file(organiser_client, item):
    response = organiser_client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {"file": _upload("Lagebild.pdf", PDF_BYTES), "classification": "internal"},
        follow=True,
    )

    attachment = Attachment.objects.get()
    assert "Die Datei wurde angehängt." in response.content.decode()
    assert (attachment.item, attachment.original_name, attachment.classification) == (
        item,
        "Lagebild.pdf",
        "internal",
    )


def test_upload_below_the_item_is_refused_with_a_german_message(organiser_client, item):
    response = organiser_client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {"file": _upload("Lagebild.pdf", PDF_BYTES), "classification": "public"},
        follow=True,
    )

    assert not Attachment.objects.exists()
    assert (
        "Die Einstufung darf nicht niedriger sein als die des Tagesordnungspunkts"
        in response.content.decode()
    )
