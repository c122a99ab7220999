"""Text of a PDF, page by page, for assertions."""

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
