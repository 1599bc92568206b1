"""Thin views: parse input, call a service or selector, render. Access is decided in the policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.core.forms import apply_service_errors, render_form
from safepath.people.duplicates import needs_acknowledgement
from safepath.people.forms import PersonForm, SearchForm, duplicate_probe_input, initial_from_input
from safepath.people.selectors import (
    access_person_by_id,
    person_change_history,
    person_duplicate_candidates,
    person_search,
)
from safepath.people.services import person_input_from, person_register, person_update

PAGE_SIZE = 25


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person_list"):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    try:
        page_no = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_no = 1
    results, total = person_search(user=request.user, text=text, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.get_page(page_no)
    context = {"form": form, "persons": results, "total": total, "page": page, "query": text}
    template = "people/_results.html" if request.htmx and not request.htmx.boosted else "people/list.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person_by_id(user=request.user, person_id=person_id)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "can_edit": request.user.has_perm("people.change_person", person),
            "history": person_change_history(person=person),
        },
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_person"):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    candidates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if not form.cleaned_data.get("not_a_duplicate"):
            candidates = person_duplicate_candidates(user=request.user, data=data)
        if not needs_acknowledgement(candidates):
            try:
                person = person_register(actor=request.user, data=data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The person was registered."))
                return redirect("people:detail", person_id=person.pk)
    context = {
        "form": form,
        "editing": False,
        "candidates": candidates,
        "ask_acknowledgement": needs_acknowledgement(candidates),
    }
    return render_form(request, "people/form.html", context)


@login_required
@require_POST
def person_duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate-check panel of the registration form (htmx), from what is typed so far."""
    if not request.user.has_perm("people.add_person"):
        raise PermissionDenied
    candidates = person_duplicate_candidates(user=request.user, data=duplicate_probe_input(request.POST))
    context = {"candidates": candidates, "ask_acknowledgement": needs_acknowledgement(candidates)}
    return render(request, "people/_duplicates.html", context)


@login_required
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person_by_id(user=request.user, person_id=person_id, purpose="edit")
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                person_update(actor=request.user, person=person, data=form.to_input())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:detail", person_id=person.pk)
    else:
        form = PersonForm(initial=initial_from_input(person_input_from(person)))
    return render_form(request, "people/form.html", {"form": form, "editing": True, "person": person})
