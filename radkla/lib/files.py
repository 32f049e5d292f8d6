"""Serving an uploaded file (evidence, city documents) so nothing uploaded runs in a browser."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.http.response import HttpResponseBase

from radkla.monitoring.uploads import INLINE_TYPES


def serve_upload(file: FieldFile, filename: str, content_type: str) -> FileResponse:
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    protect(response, content_type)
    return response


def protect(response: HttpResponseBase, content_type: str) -> None:
    """The headers every uploaded file is served with, whatever it was stored in."""
    # The content type comes from our own sniffing and nosniff pins it, so nothing
    # uploaded is ever read as HTML. Images are also sandboxed; a PDF is not,
    # because Chrome refuses to run its PDF viewer in a sandboxed document.
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf":
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
