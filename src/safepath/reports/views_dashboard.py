"""The dashboards: the page (filters and an empty frame per panel) and one panel at a time (htmx).

Thin views: the form reads the filters, `dashboards` builds what a panel shows through the selectors.
No figure is computed for the page itself, so it answers at once however many cases there are; each
panel loads on its own request. Bad filters: the form's error and a 400, never a 500. An agency outside
the user's scope: 403 (from `selectors.user_filters`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from safepath.core import policy
from safepath.reports import dashboards
from safepath.reports.forms import DashboardFilterForm


def _form(request: HttpRequest) -> DashboardFilterForm:
    user: Any = request.user
    if not user.has_perm("reports.view_aggregates"):
        raise PermissionDenied
    show_agency = policy.aggregate_agencies(user) is None
    return DashboardFilterForm(
        request.GET, today=timezone.localdate(), show_agency=show_agency, exact=policy.sees_exact_figures(user)
    )


def _values(form: DashboardFilterForm, query: dashboards.Query | None) -> dict[str, str]:
    """What the filter inputs show: the filters as understood, or what was typed when it was refused."""
    if query is not None:
        return {"kind": query.period.kind, **query.params()}
    data = form.data
    return {name: str(data.get(name, ""))[:100] for name in ("kind", "period", "agency", "province", "former", "map")}


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    user: Any = request.user
    board = dashboards.load().dashboards[dashboards.dashboard_for(user)]
    query: dashboards.Query | None = None
    status = 200
    if not form.is_valid():
        status = 400
    else:
        query = form.query()
        query.filters(user)  # PermissionDenied (403) for an agency out of the user's scope
    context: dict[str, Any] = {
        "form": form,
        "values": _values(form, query),
        "query": query,
        "board": board,
        "board_title": str(board.title),
        "panels": dashboards.panels_for(user) if query else [],
        "show_agency": form.show_agency,
        "exact": policy.sees_exact_figures(user),
        "period_label": query.period.label if query else "",
    }
    if query is not None:
        today = timezone.localdate()
        before, after = query.period.previous(), query.period.following()
        context["previous_query"] = query.with_period(before).querystring()
        context["previous_label"] = before.label
        if after.start <= today:
            context["next_query"] = query.with_period(after).querystring()
            context["next_label"] = after.label
        context["querystring"] = query.querystring()
        context["scope_agency"], context["scope_place"] = dashboards.scope_names(query)
    return render(request, "reports/dashboard.html", context, status=status)


@require_GET
@login_required
def dashboard_panel(request: HttpRequest, code: str) -> HttpResponse:
    form = _form(request)
    user: Any = request.user
    spec = dashboards.panel_for(user, code)
    if spec is None:
        raise Http404
    fragment = bool(getattr(request, "htmx", False))
    template = "reports/_panel.html" if fragment else "reports/dashboard_panel_page.html"
    if not form.is_valid():
        context = {"spec": spec, "form": form, "fragment": fragment}
        response = render(request, "reports/_panel_error.html" if fragment else template, context, status=400)
        response["X-Dashboard-Panel"] = "filters"  # the page shows this 400 in the panel (dashboard.js)
    else:
        query = form.query()
        view = dashboards.panel(user, code, query)  # PermissionDenied (403): an agency out of scope
        context = {
            "view": view,
            "spec": spec,
            "query": query,
            "querystring": query.querystring(),
            "clear_province": query.querystring(province=""),
        }
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/panel/<slug:code>/", dashboard_panel, name="dashboard_panel"),
]
