"""A file handed to the browser to save: the one shape every download of SafePath takes."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a download named ``filename``, never kept by a browser or proxy cache.

    ``filename`` is built by SafePath (a case number, a report's period), never typed by a user.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
