"""Text of a PDF, page by page, for assertions."""

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_page_tops(data: bytes, depth_cm: float = 2.6) -> list[str]:
    """Per page, the text in the top ``depth_cm`` of the page (the top edge
    where VSA Anlage IV 1.1 wants the marking)."""
    tops = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        limit = height - depth_cm / 2.54 * 72
        parts = []

        def visit(text, cm, tm, font_dict, font_size, parts=parts, limit=limit):
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if text.strip() and y >= limit:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        tops.append(" ".join("".join(parts).split()))
    return tops
