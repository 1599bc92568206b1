"""The case file PDF download. Access and the access-log entry are decided in safepath.cases.pdf."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from safepath.core.downloads import attachment


@login_required
def case_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """The case file as a PDF attachment; 404 for a case the user may not open (and nothing logged)."""
    from safepath.cases.pdf import case_file_pdf  # WeasyPrint loads only when a PDF is asked for

    filename, pdf = case_file_pdf(user=request.user, case_id=case_id)
    return attachment(pdf, "application/pdf", filename)
