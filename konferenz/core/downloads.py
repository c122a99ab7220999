"""The one answer of a download: a document's bytes (built by a feature's
``exports.py``) as a file to save."""

from django.http import HttpResponse

PDF = "application/pdf"
ICS = "text/calendar; charset=utf-8"


def attachment(content, *, content_type, filename):
    """``content`` (bytes or text) as an attachment named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
