from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safepath.audit.forms import EventFilterForm
from safepath.audit.selectors import EventFilter, access_event_list_visible_to


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_accessevent"):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None)
    filters = EventFilter(**{k: v for k, v in form.cleaned_data.items() if v}) if form.is_valid() else EventFilter()
    events = access_event_list_visible_to(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})
