"""What an uploaded file really is, judged by its content, never by its name.

Allowed: PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF and WebP. Office files are ZIP
containers; they count only when the ZIP really holds the Office parts of that
format. The file name's extension must match what the content is.
"""

import zipfile
from dataclasses import dataclass

from django.http import FileResponse


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple


PDF = FileKind("PDF", "application/pdf", (".pdf",))
DOCX = FileKind(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
PNG = FileKind("PNG", "image/png", (".png",))
JPEG = FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind("GIF", "image/gif", (".gif",))
WEBP = FileKind("WebP", "image/webp", (".webp",))

ALLOWED_EXTENSIONS = tuple(
    ext
    for kind in (PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF, WEBP)
    for ext in kind.extensions
)

# The part each Office format must contain (ECMA-376 package layout).
OFFICE_PARTS = (
    (DOCX, "word/document.xml"),
    (XLSX, "xl/workbook.xml"),
    (PPTX, "ppt/presentation.xml"),
)


def _office_kind(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in OFFICE_PARTS:
        if part in names:
            return kind
    return None


def detect(fileobj):
    """The ``FileKind`` of an open binary file, or ``None`` if not allowed."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(fileobj)
    fileobj.seek(0)
    return kind


def attachment_response(attachment):
    """The file as a download: never rendered inline, never sniffed."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    return response
