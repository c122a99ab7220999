"""PDF from HTML templates with WeasyPrint.

Templates extend ``pdf/base.html`` (styles inline, no external files); with
``vs_nfd=True`` in the context every page carries the marking
"VS – NUR FÜR DEN DIENSTGEBRAUCH" at the top. The PDF renderer may load
nothing from outside but ``data:`` URIs, so no document can leak a request.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

VS_NFD_MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"


def render_pdf(*, template_name, context, request=None):
    """Render ``template_name`` to PDF bytes."""
    html = render_to_string(
        template_name, {"vs_nfd_marking": VS_NFD_MARKING, **context}, request=request
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
