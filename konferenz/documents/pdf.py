"""PDF from HTML templates with WeasyPrint.

Templates extend ``pdf/base.html`` (styles inline, no external files). Every
page carries the document's ``Marking`` (konferenz.documents.marking) at the top edge
and "Seite x von y" at the bottom. The PDF renderer may load nothing from
outside but ``data:`` URIs, so no document can leak a request.

Fonts are looked up once per process (and thread): WeasyPrint would otherwise
load Fontconfig's configuration and every font anew for each document
(``FontConfiguration``), and Pango's font cache would start empty each time.
The documents use no ``@font-face`` (no web fonts: ``data:`` URIs only), so
the shared configuration only ever holds the system's fonts.
"""

import threading

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

#: WeasyPrint's variant for archive copies (ISO 19005-2, level B).
PDF_A = "pdf/a-2b"

_local = threading.local()


def font_configuration():
    """This thread's Fontconfig configuration, made on first use."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def render_pdf(*, template_name, context, marking=None, request=None, variant=None):
    """Render ``template_name`` to PDF bytes, marked with ``marking``."""
    html = render_to_string(
        template_name, {**context, "marking": marking}, request=request
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        font_config=font_configuration(), **options
    )
