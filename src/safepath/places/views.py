"""Chained selects: the communes of a province, as <option> elements for htmx to swap in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safepath.places.models import Ward
from safepath.places.selectors import province_get, ward_list


def _province_param(request: HttpRequest) -> str:
    """`?province=<code>`; failing that, the one parameter whose name ends in "province", so a
    form field such as `origin_province` can be sent as is with hx-include."""
    if "province" in request.GET:
        return request.GET["province"].strip()
    named = [k for k in request.GET if k.endswith("province")]
    return request.GET[named[0]].strip() if len(named) == 1 else ""


@login_required
@require_GET
def ward_options(request: HttpRequest) -> HttpResponse:
    code = _province_param(request)
    wards = Ward.objects.none()
    if code:
        if len(code) > 4 or not code.isdigit() or province_get(code=code) is None:
            return HttpResponseBadRequest(
                _("Unknown province code. Choose a province from the list."),
                content_type="text/plain; charset=utf-8",
            )
        wards = ward_list(province_code=code)
    context = {"wards": wards, "selected": request.GET.get("selected", "")}
    # A bare fragment: rendered without the request, so the page-shell context processors
    # (navigation, etc.) do not run for every change of the province select.
    return HttpResponse(render_to_string("places/ward_options.html", context))
