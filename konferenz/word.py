"""DOCX documents with python-docx, in the same layout for every export.

With ``vs_nfd=True`` every page's header carries the marking
"VS – NUR FÜR DEN DIENSTGEBRAUCH".
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from konferenz.pdf import VS_NFD_MARKING


def new_document(*, title, authority_name, vs_nfd=False):
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = authority_name
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    for section in document.sections:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if vs_nfd:
            run = header.add_run(VS_NFD_MARKING)
            run.bold = True
            run.font.color.rgb = RGBColor(0x84, 0x20, 0x29)
        else:
            header.add_run(authority_name).font.size = Pt(8)
    document.add_paragraph(authority_name.upper()).runs[0].font.size = Pt(8)
    document.add_heading(title, level=1)
    return document


def document_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
