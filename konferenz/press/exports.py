"""The press release as a Word document and as a PDF (the ots text itself is
``services.ots_text``), written with the document toolkit of
konferenz.documents."""

from django.utils.translation import gettext as _

from konferenz.core.i18n import in_document_language
from konferenz.documents.docx import document_bytes, new_document
from konferenz.documents.marking import conference_marking
from konferenz.documents.pdf import render_pdf


def _paragraphs(release):
    return [p for p in release.body.split("\n\n") if p.strip()]


def _marking(release):
    """A press release is public: no grade, but the file's Geschäftszeichen."""
    return conference_marking(release.conference, level="public")


@in_document_language
def press_release_docx(release):
    authority = release.conference.police_authority
    document = new_document(
        title=release.title,
        authority_name=authority.name,
        marking=_marking(release),
    )
    document.add_paragraph(release.place_line)
    for paragraph in _paragraphs(release):
        document.add_paragraph(paragraph)
    if authority.press_contact:
        document.add_paragraph(_("Enquiries to:"))
        document.add_paragraph(authority.press_contact)
    document.add_paragraph(
        _("Original content by: %(sender)s, transmitted by news aktuell")
        % {"sender": authority.short_name}
    )
    return document_bytes(document)


@in_document_language
def press_release_pdf(release):
    authority = release.conference.police_authority
    return render_pdf(
        template_name="konferenz/press/press_release_pdf.html",
        context={
            "release": release,
            "paragraphs": _paragraphs(release),
            "authority": authority,
            "footer": authority.name,
        },
        marking=_marking(release),
    )
