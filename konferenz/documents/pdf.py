"""PDF from HTML templates with WeasyPrint.

Templates extend ``pdf/base.html`` (styles inline, no external files). Every
page carries the document's ``Marking`` (konferenz.documents.marking) at the top edge
and "Seite x von y" at the bottom. The PDF renderer may load nothing from
outside but ``data:`` URIs, so no document can leak a request.

Every PDF is tagged (BITV 2.0, EN 301 549): structure tree in reading order,
headings, tables whose cells name their headers (``<th scope>``), the language
(``<html lang="de-DE">``) and the title (``<title>``, shown by the viewer).
Documents for the screen are PDF/UA-1; the archive copy is PDF/A-2b *and*
tagged: PDF/A-2b allows the structure tree, and it is the only identification
the archive asks for (a PDF names one variant in its XMP; the tags are the
same in both).

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
#: WeasyPrint's variant for every other PDF (ISO 14289-1, universal access).
PDF_UA = "pdf/ua-1"

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
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        pdf_variant=variant or PDF_UA, pdf_tags=True, font_config=font_configuration()
    )
