"""PDF from HTML templates with WeasyPrint.

Templates extend ``pdf/base.html`` (styles inline, no external files). Every
page carries the document's ``Marking`` (konferenz.documents.marking) at the top edge
and "Seite x von y" at the bottom. The PDF renderer may load nothing from
outside but ``data:`` URIs, so no document can leak a request.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

#: WeasyPrint's variant for archive copies (ISO 19005-2, level B).
PDF_A = "pdf/a-2b"


def render_pdf(*, template_name, context, marking=None, request=None, variant=None):
    """Render ``template_name`` to PDF bytes, marked with ``marking``."""
    html = render_to_string(
        template_name, {**context, "marking": marking}, request=request
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, url_fetcher=fetcher).write_pdf(**options)
