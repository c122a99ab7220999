"""DOCX documents with python-docx, in the same layout for every export.

Every page's header carries the document's ``Marking`` (konferenz.documents.marking):
the grade, the authority, the Geschäftszeichen and the date; the footer
"Seite x von y". The document language is German throughout (Word's spell
check), headings are sober black, and the core properties name the title,
the authority as author and the time of writing.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

LANGUAGE = "de-DE"
DARK_RED = RGBColor(0x84, 0x20, 0x29)


def _set_language(run_properties):
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _german_styles(document):
    """German as the language of the defaults and of every style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_language(run_defaults)
    for style in document.styles:
        if style.type == 1 or style.type == 2:  # paragraph and character styles
            _set_language(style.element.get_or_add_rPr())


def _sober_headings(document):
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt({1: 15, 2: 12.5, 3: 11}[level])
        style.font.bold = True


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
    return run


def new_document(*, title, authority_name, marking=None):
    """A document with header, footer and title, marked with ``marking``."""
    document = Document()
    now = timezone.now()
    properties = document.core_properties
    properties.title = title
    properties.author = authority_name
    properties.last_modified_by = authority_name
    properties.created = now
    properties.modified = now
    properties.revision = 1
    properties.language = LANGUAGE
    properties.comments = ""
    properties.keywords = marking.grade if marking and marking.grade else ""
    _german_styles(document)
    _sober_headings(document)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    for section in document.sections:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if marking and marking.grade:
            run = header.add_run(marking.grade)
            run.bold = True
            run.font.color.rgb = DARK_RED
            header = section.header.add_paragraph()
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line = authority_name
        if marking:
            line = f"{authority_name} · {marking.reference_line}"
        header.add_run(line).font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # “Seite 1 von 3”: the two numbers are Word fields, the words around
        # them come from the catalogue.
        page, of = gettext("Page %(page)s of %(pages)s").split("%(page)s")
        of = of.replace("%(pages)s", "")
        for part in (page, "PAGE", of, "NUMPAGES"):
            run = _field(footer, part) if part.isupper() else footer.add_run(part)
            run.font.size = Pt(8)
    document.add_paragraph(authority_name.upper()).runs[0].font.size = Pt(8)
    document.add_heading(title, level=1)
    return document


def document_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
