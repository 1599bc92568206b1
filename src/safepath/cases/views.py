"""Thin views for intake, consultations, cases and tasks: parse input, call a service or selector, render.

Access is decided in safepath.core.policy (through the selectors and services), never here beyond
asking it whether to show a button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.cases import selectors, services, workflow
from safepath.cases.choices import CaseStatus, IntakeStatus
from safepath.cases.errors import EditConflict
from safepath.cases.forms import (
    AssignForm,
    AttachmentForm,
    CaseForm,
    CaseSearchForm,
    CloseForm,
    ClosureDecisionForm,
    ConsentForm,
    ConsultationFilterForm,
    ConsultationForm,
    IntakeCloseForm,
    IntakeFilterForm,
    IntakeLogForm,
    NoteForm,
    RecruiterContactForm,
    ReopenForm,
    TaskForm,
    TaskStatusForm,
    TransitionForm,
    WithdrawConsentForm,
)
from safepath.core.forms import apply_service_errors, render_form
from safepath.core.normalize import format_phone_vn
from safepath.people.duplicates import needs_acknowledgement, person_duplicate_candidates
from safepath.people.forms import PersonForm, duplicate_probe_input
from safepath.people.selectors import access_person_by_id, person_search


def _page_no(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- intake -------------------------------------------------------------------------------------------
@login_required
def intake_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_intake_list"):
        raise PermissionDenied
    form = IntakeFilterForm(request.GET or None)
    status, channel = "open", ""
    if form.is_valid():
        status = form.cleaned_data.get("status") or "open"
        channel = form.cleaned_data.get("channel") or ""
    page = selectors.intake_list(
        user=request.user, status="" if status == "all" else status, channel=channel, page=_page_no(request)
    )
    return render(
        request,
        "cases/intake_list.html",
        {"page": page, "form": form, "status": status, "qs": _querystring(request)},
    )


@login_required
def intake_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.add_intake"):
        raise PermissionDenied
    form = IntakeLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.intake_log(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Logged in the intake queue."))
            return redirect("cases:intake_detail", intake_id=item.pk)
    return render_form(request, "cases/intake_form.html", {"form": form})


@login_required
def intake_detail(request: HttpRequest, intake_id: str) -> HttpResponse:
    item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id)
    return render(
        request,
        "cases/intake_detail.html",
        {
            "item": item,
            "attachments": selectors.intake_attachments(item=item),
            "outcome": selectors.intake_outcome(user=request.user, item=item),
            "close_form": IntakeCloseForm(),
            "can_change": request.user.has_perm("cases.change_intake", item),
            "can_add_case": request.user.has_perm("cases.add_case"),
            "is_open": item.status in (IntakeStatus.NEW, IntakeStatus.IN_REVIEW),
        },
    )


@login_required
@require_POST
def intake_action(request: HttpRequest, intake_id: str, action: str) -> HttpResponse:
    item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose=action)
    try:
        if action == "take":
            services.intake_take(actor=request.user, item=item)
            messages.success(request, _("You are handling this item."))
        elif action == "close":
            form = IntakeCloseForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose why no follow-up is needed."))
                return redirect("cases:intake_detail", intake_id=item.pk)
            services.intake_close(actor=request.user, item=item, reason=form.cleaned_data["reason"])
            messages.success(request, _("The item was closed. You can put it back in the queue from its page."))
            return redirect("cases:intake_list")
        elif action == "reopen":
            services.intake_reopen(actor=request.user, item=item)
            messages.success(request, _("The item is back in the queue."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:intake_detail", intake_id=item.pk)


@login_required
def intake_person(request: HttpRequest, intake_id: str) -> HttpResponse:
    """Who is this item about? Search the agency's persons and pick one, or go and register a new one."""
    item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="link_person")
    if not request.user.has_perm("cases.change_intake", item):
        raise PermissionDenied
    if request.method == "POST":
        person = access_person_by_id(user=request.user, person_id=request.POST.get("person", ""), purpose="link")
        try:
            services.intake_link_person(actor=request.user, item=item, person=person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The person was linked to this intake item."))
        return redirect("cases:intake_detail", intake_id=item.pk)
    text = request.GET.get("q", "")[:200]
    results, total = person_search(user=request.user, text=text, limit=20) if text.strip() else ([], 0)
    return render(
        request, "cases/intake_person.html", {"item": item, "query": text, "persons": results, "total": total}
    )


def _person_initial(item: Any) -> dict[str, Any]:
    """What the intake item already says about the person, split the Vietnamese way (family name first)."""
    words = (item.contact_name or "").split()
    initial: dict[str, Any] = {"phone": format_phone_vn(item.contact_phone) if item.contact_phone else ""}
    initial["email"] = item.contact_email
    if len(words) >= 2:
        initial.update(family_name=words[0], middle_name=" ".join(words[1:-1]), given_name=words[-1])
    elif words:
        initial["given_name"] = words[0]
    if item.province_id:
        initial["origin_province"] = item.province_id
    return initial


@login_required
def intake_register(request: HttpRequest, intake_id: str) -> HttpResponse:
    """Register the person an item is about, with the duplicate check; a match can be chosen instead."""
    item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="register_person")
    if not (request.user.has_perm("cases.change_intake", item) and request.user.has_perm("people.add_person")):
        raise PermissionDenied
    form = PersonForm(request.POST or None, initial=_person_initial(item))
    candidates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if not form.cleaned_data.get("not_a_duplicate"):
            candidates = person_duplicate_candidates(user=request.user, data=data)
        if not needs_acknowledgement(candidates):
            try:
                services.intake_register_person(actor=request.user, item=item, data=data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The person was registered and linked to this intake item."))
                return redirect("cases:intake_detail", intake_id=item.pk)
    context = {
        "form": form,
        "item": item,
        "candidates": candidates,
        "ask_acknowledgement": needs_acknowledgement(candidates),
    }
    return render_form(request, "cases/intake_register.html", context)


@login_required
@require_POST
def intake_duplicates(request: HttpRequest, intake_id: str) -> HttpResponse:
    """The duplicate check while the person is typed in (htmx), with a button to choose each match."""
    item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="duplicate_check")
    if not request.user.has_perm("cases.change_intake", item):
        raise PermissionDenied
    candidates = person_duplicate_candidates(user=request.user, data=duplicate_probe_input(request.POST))
    context = {
        "candidates": candidates,
        "ask_acknowledgement": needs_acknowledgement(candidates),
        "choose_action": reverse("cases:intake_person", args=[item.pk]),
    }
    return render(request, "people/_duplicates.html", context)


# --- consultations ------------------------------------------------------------------------------------
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_consultation_list"):
        raise PermissionDenied
    form = ConsultationFilterForm(request.GET or None)
    filters = selectors.ConsultationFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ConsultationFilters(
            held_from=d.get("held_from"),
            held_to=d.get("held_to"),
            channel=d.get("channel") or "",
            topic=d.get("topic") or "",
            mine=bool(d.get("mine")),
        )
    page = selectors.consultation_list(user=request.user, filters=filters, page=_page_no(request))
    return render(request, "cases/consultation_list.html", {"page": page, "form": form, "qs": _querystring(request)})


def _context_records(request: HttpRequest) -> tuple[Any, Any]:
    """The intake item and person a new consultation or case starts from (?intake=, ?person=)."""
    item = person = None
    if intake_id := _param(request, "intake"):
        item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="convert")
        if item.person_id:
            person = access_person_by_id(user=request.user, person_id=item.person_id, purpose="convert")
    if person is None and (person_id := _param(request, "person")):
        person = access_person_by_id(user=request.user, person_id=person_id, purpose="convert")
    return item, person


def _param(request: HttpRequest, name: str) -> str:
    """A record id carried by the form (POST) or the link that opened it (GET)."""
    return request.POST.get(name) or request.GET.get(name) or ""


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.add_consultation"):
        raise PermissionDenied
    item, person = _context_records(request)
    initial: dict[str, Any] = {}
    if item is not None:
        channel = {"phone": "phone", "email": "email", "web": "online", "walk_in": "on_site"}.get(item.channel)
        initial = {"channel": channel, "destination_country": item.destination_country_id, "province": item.province_id}
    form = ConsultationForm(request.POST or None, anonymous=person is None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.consultation_record(actor=request.user, data=form.to_input(), person=person, intake=item)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The consultation was recorded."))
            if request.POST.get("then") == "case" and person is not None:
                return redirect(f"{_url('cases:case_create')}?person={person.pk}&consultation={c.pk}")
            return redirect("cases:consultation_detail", consultation_id=c.pk)
    return render_form(request, "cases/consultation_form.html", {"form": form, "item": item, "person": person})


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs or None)


@login_required
def consultation_detail(request: HttpRequest, consultation_id: str) -> HttpResponse:
    c = selectors.access_consultation_by_id(user=request.user, consultation_id=consultation_id)
    return render(
        request,
        "cases/consultation_detail.html",
        {"c": c, "can_edit": request.user.has_perm("cases.change_consultation", c)},
    )


@login_required
def consultation_edit(request: HttpRequest, consultation_id: str) -> HttpResponse:
    c = selectors.access_consultation_by_id(user=request.user, consultation_id=consultation_id, purpose="edit")
    if not request.user.has_perm("cases.change_consultation", c):
        raise PermissionDenied
    initial = {
        "held_on": c.held_on,
        "channel": c.channel,
        "duration_minutes": c.duration_minutes,
        "migration_stage": c.migration_stage,
        "destination_country": c.destination_country_id,
        "topics": c.topics,
        "outcome": c.outcome,
        "follow_up_on": c.follow_up_on,
        "summary": c.summary,
        "sex": c.sex,
        "age_band": c.age_band,
        "province": c.province_id,
    }
    form = ConsultationForm(request.POST or None, anonymous=c.person_id is None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(actor=request.user, consultation=c, data=form.to_input())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("cases:consultation_detail", consultation_id=c.pk)
    return render_form(request, "cases/consultation_form.html", {"form": form, "consultation": c, "person": c.person})


# --- cases --------------------------------------------------------------------------------------------
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_case_list"):
        raise PermissionDenied
    workers = selectors.agency_workers(user=request.user)
    form = CaseSearchForm(request.GET or None, workers=workers)
    filters = selectors.CaseFilters()
    if form.is_valid():
        d = form.cleaned_data
        number = (d.get("q") or "").strip().upper()
        # Pressing Enter on a case number opens it; the live results while typing (htmx) never jump away.
        go = request.GET.get("go") and not request.htmx
        if number and go and (case := selectors.access_case_by_number(user=request.user, number=number)):
            return redirect("cases:case_detail", case_id=case.pk)
        filters = selectors.CaseFilters(
            q=d.get("q") or "",
            status=d.get("status") or "",
            case_type=d.get("case_type") or "",
            risk_level=d.get("risk_level") or "",
            caseworker_id=d.get("caseworker"),
            province_id=d["province"].pk if d.get("province") else "",
            legacy_province_id=d["legacy_province"].pk if d.get("legacy_province") else "",
            opened_from=d.get("opened_from"),
            opened_to=d.get("opened_to"),
            mine=bool(d.get("mine")),
        )
    page = selectors.case_list(user=request.user, filters=filters, page=_page_no(request))
    template = "cases/_case_results.html" if request.htmx and not request.htmx.boosted else "cases/case_list.html"
    return render(request, template, {"page": page, "form": form, "qs": _querystring(request)})


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    item, person = _context_records(request)
    consultation = None
    if consultation_id := _param(request, "consultation"):
        consultation = selectors.access_consultation_by_id(
            user=request.user, consultation_id=consultation_id, purpose="convert"
        )
    if person is None:
        messages.info(request, _("First choose the person the case is about."))
        return redirect("people:list")
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {"channel": item.channel, "destination_country": item.destination_country_id}
    elif consultation is not None:
        channel = {"on_site": "walk_in", "phone": "phone", "email": "email", "online": "web"}[consultation.channel]
        initial = {
            "channel": channel,
            "destination_country": consultation.destination_country_id,
            "migration_stage": consultation.migration_stage,
        }
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.user, person=person, data=form.to_input(), intake=item, consultation=consultation
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    return render_form(
        request,
        "cases/case_form.html",
        {"form": form, "person": person, "item": item, "consultation": consultation, "editing": False},
    )


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    user = request.user
    until = None
    try:
        case = selectors.access_case_by_id(user=user, case_id=case_id)
    except Http404:
        # The caseworker or supervisor of a case that moved to another agency reads its history.
        case, until = selectors.access_case_history(user=user, case_id=case_id)
    history_only = until is not None
    can_work = not history_only and user.has_perm("cases.change_case", case)
    can_assign = not history_only and user.has_perm("cases.assign_case", case)
    people = selectors.case_assignable_users(case=case) if can_assign else {"caseworkers": [], "supervisors": []}
    workers = selectors.agency_workers(user=user) if can_work else []
    content = selectors.case_content(case=case, until=until.answered_at if until else None)
    consent_initial = {
        "purpose": request.GET.get("consent_purpose", ""),
        "recipient_agency": request.GET.get("consent_agency", ""),
        "recipient_other": request.GET.get("consent_other", "")[:200],
    }
    context = {
        "history_only": history_only,
        "history_transfer": until,
        "consent_prefilled": any(consent_initial.values()),
        "case": case,
        **content,
        "timeline": selectors.case_timeline(case=case, content=content, until=until.answered_at if until else None),
        "steps": [(s, CaseStatus(s).label) for s in workflow.ORDER],
        "can_work": can_work,
        "can_assign": can_assign,
        "can_approve": not history_only and user.has_perm("cases.approve_closure", case),
        "can_reopen": not history_only and user.has_perm("cases.reopen_case", case),
        "transition_form": TransitionForm(allowed=workflow.allowed_next(case.status)),
        "close_form": CloseForm(),
        "decision_form": ClosureDecisionForm(),
        "reopen_form": ReopenForm(),
        "assign_form": AssignForm(
            initial={"caseworker": case.caseworker_id, "supervisor": case.supervisor_id}, **people
        ),
        "note_form": NoteForm(),
        "task_form": TaskForm(workers=workers),
        "consent_form": ConsentForm(initial={k: v for k, v in consent_initial.items() if v}),
        "withdraw_form": WithdrawConsentForm(),
        "attachment_form": AttachmentForm(),
        "contact_form": RecruiterContactForm(),
        "today": timezone.localdate(),
        "needs_approval": case.agency.closure_needs_approval and not user.has_perm("cases.approve_closure", case),
        "can_view_person": user.has_perm("people.view_person", case.person),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="edit")
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        form = CaseForm(request.POST, editing=True)
        if form.is_valid():
            version = form.cleaned_data.get("version") or 0
            try:
                services.case_update(actor=request.user, case=case, data=form.to_input(), expected_version=version)
            except EditConflict as exc:
                conflict = _conflict_rows(form, exc)
                # The form keeps what the user typed; saving it again now applies it over the current version.
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form = CaseForm(data, editing=True)
                form.is_valid()
                case = exc.current
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("cases:case_detail", case_id=case.pk)
    else:
        form = CaseForm(initial=CaseForm.initial_from(services.CaseInput.from_case(case), case.version), editing=True)
    response = render_form(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "person": case.person, "editing": True, "conflict": conflict},
    )
    if conflict:
        response.status_code = 409
    return response


def _conflict_rows(form: CaseForm, exc: EditConflict) -> list[dict[str, Any]]:
    """Both versions of each field the two saves disagree on, as the user reads them."""
    # The form names two fields by the relation, CaseInput by the ids it holds.
    attrs = {"destination_country": "destination_country_id", "transit_countries": "transit_country_ids"}
    theirs, mine = services.CaseInput.from_case(exc.current), form.to_input()
    rows = []
    for name in exc.changed_fields:
        field, attr = form.fields.get(name), attrs.get(name, name)
        rows.append(
            {
                "label": field.label if field else name,
                "theirs": _display(field, getattr(theirs, attr)),
                "mine": _display(field, getattr(mine, attr)),
            }
        )
    return rows


def _display(field: Any, value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = {str(k): v for k, v in getattr(field, "choices", []) or [] if k != ""} if field else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(str(v), v)) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return str(choices.get(str(value), value))


def _case_action(
    request: HttpRequest,
    case_id: str,
    form_class: Any,
    act: Callable[[Any, dict[str, Any]], Any],
    done: str,
    form_kwargs: Callable[[Any], dict[str, Any]] = lambda case: {},
) -> HttpResponse:
    """Run one POSTed action on a case; errors come back as a message on the case page (nothing is lost: the page keeps the form).

    `form_kwargs` gives the form what it needs from the case (the statuses allowed next, the staff to choose from).
    """
    case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="change")
    form = form_class(request.POST, request.FILES or None, **form_kwargs(case))
    if not form.is_valid():
        errors = [
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}".lstrip(": ")
            for k, v in form.errors.items()
        ]
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": "; ".join(errors)})
        return redirect("cases:case_detail", case_id=case.pk)
    try:
        act(case, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(exc.messages)})
    else:
        messages.success(request, done)
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        TransitionForm,
        lambda c, d: services.case_transition(
            actor=request.user, case=c, to_status=d["status"], note=d.get("note", "")
        ),
        _("The status was changed."),
        form_kwargs=lambda c: {"allowed": workflow.allowed_next(c.status)},
    )


@login_required
@require_POST
def case_close(request: HttpRequest, case_id: str) -> HttpResponse:
    def act(c: Any, d: dict[str, Any]) -> None:
        result = services.case_request_closure(actor=request.user, case=c, reason=d["reason"], note=d.get("note", ""))
        if result.closure_pending:
            messages.info(request, _("Closing was requested; the supervisor must approve it."))

    return _case_action(request, case_id, CloseForm, act, _("Done."))


@login_required
@require_POST
def case_closure_decision(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        ClosureDecisionForm,
        lambda c, d: services.case_decide_closure(
            actor=request.user, case=c, approve=d["decision"] == "approve", note=d.get("note", "")
        ),
        _("Your decision was recorded."),
    )


@login_required
@require_POST
def case_reopen(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        ReopenForm,
        lambda c, d: services.case_reopen(actor=request.user, case=c, note=d["note"]),
        _("The case was reopened."),
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        AssignForm,
        lambda c, d: services.case_assign(
            actor=request.user,
            case=c,
            caseworker_id=d.get("caseworker"),
            supervisor_id=d.get("supervisor"),
            note=d.get("note", ""),
        ),
        _("The assignment was saved."),
        form_kwargs=lambda c: selectors.case_assignable_users(case=c),
    )


@login_required
@require_POST
def note_add(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        NoteForm,
        lambda c, d: services.note_add(actor=request.user, case=c, body=d["body"]),
        _("The note was added."),
    )


@login_required
@require_POST
def task_add(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        TaskForm,
        lambda c, d: services.task_add(
            actor=request.user,
            case=c,
            title=d["title"],
            due_on=d["due_on"],
            assigned_to_id=d.get("assigned_to"),
            kind=d["kind"],
        ),
        _("The task was added."),
        form_kwargs=lambda c: {"workers": selectors.agency_workers(user=request.user)},
    )


@login_required
@require_POST
def task_status(request: HttpRequest, task_id: str) -> HttpResponse:
    task = selectors.access_task_by_id(user=request.user, task_id=task_id)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_status(actor=request.user, task=task, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if form.cleaned_data["status"] == "done":
                messages.success(request, _("Task marked as done."))
    back = request.POST.get("next", "")
    if back == "tasks":
        return redirect("cases:task_list")
    return redirect("cases:case_detail", case_id=task.case_id)


@login_required
@require_POST
def consent_add(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        ConsentForm,
        lambda c, d: services.consent_record(
            actor=request.user, person=c.person, case=c, data=ConsentForm.to_input_from(d)
        ),
        _("The consent was recorded."),
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    consent = selectors.access_consent_by_id(user=request.user, consent_id=consent_id)
    form = WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(exc.messages)})
        else:
            messages.success(
                request, _("The withdrawal was recorded. Nothing more will be shared on the strength of this consent.")
            )
    else:
        messages.error(request, _("Enter a date as dd/mm/yyyy."))
    if consent.case_id:
        return redirect("cases:case_detail", case_id=consent.case_id)
    return redirect("people:detail", person_id=consent.person_id)


@login_required
@require_POST
def attachment_add(request: HttpRequest, case_id: str) -> HttpResponse:
    def act(c: Any, d: dict[str, Any]) -> None:
        upload = d["file"]
        services.attachment_add(
            actor=request.user,
            case=c,
            filename=upload.name,
            content=upload.read(),
            kind=d["kind"],
            description=d.get("description", ""),
        )

    return _case_action(request, case_id, AttachmentForm, act, _("The file was added (stored encrypted)."))


@login_required
def attachment_download(request: HttpRequest, attachment_id: str) -> HttpResponse:
    att = selectors.access_attachment(user=request.user, attachment_id=attachment_id)
    response = HttpResponse(att.content, content_type=att.content_type)
    response["Content-Disposition"] = _content_disposition(att.filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _content_disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "file"
    ascii_name = ascii_name.replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@login_required
@require_POST
def recruiter_contact_add(request: HttpRequest, case_id: str) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        RecruiterContactForm,
        lambda c, d: services.recruiter_contact_add(actor=request.user, case=c, kind=d["kind"], value=d["value"]),
        _("The recruiter's contact was recorded."),
    )


# --- tasks ----------------------------------------------------------------------------------------------
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_case_list"):
        raise PermissionDenied
    scope = "agency" if request.GET.get("scope") == "agency" else "mine"
    overdue = request.GET.get("overdue") == "1"
    page = selectors.task_list(user=request.user, scope=scope, overdue_only=overdue, page=_page_no(request))
    return render(
        request,
        "cases/task_list.html",
        {
            "page": page,
            "scope": scope,
            "overdue": overdue,
            "qs": _querystring(request),
            "can_see_agency": request.user.has_perm("cases.view_caseload"),
        },
    )
