"""Shelter pages: facilities, the bed board, census and figures, admission from a case, the stay page.

Views parse input and call the selectors (reads, checked and audited) and services (writes). A form
with errors comes back with what was typed and the messages beside the fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safepath.accounts.models import Agency
from safepath.cases.selectors import access_case_by_id
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.forms import service_errors
from safepath.places.selectors import province_list
from safepath.shelters import selectors, services
from safepath.shelters.choices import BedState, FacilityKind, RoomSex, StayDestination, StayExtensionStatus
from safepath.shelters.models import Facility, Stay

Errors = dict[str, list[str]]


def _errors(exc: ValidationError) -> Errors:
    """Messages by field; those about no field under "general" (templates cannot read "__all__")."""
    return service_errors(exc, general="general")


def _day_param(request: HttpRequest, name: str, default: dt.date, errors: Errors) -> dt.date:
    """A date from the query string (dd/mm/yyyy or yyyy-mm-dd); the default, with a message, when it is not one."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    e = v.Errors()
    day = v.date(e, name, raw[:20])
    if day is None or day.year < 2000 or day > timezone.localdate() + dt.timedelta(days=366):
        errors.setdefault(name, []).append(_("Enter a date as dd/mm/yyyy."))
        return default
    return day


# --- facilities -----------------------------------------------------------------------------------------
@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.may_list_facilities(user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "shelters/facility_list.html",
        {
            "facilities": selectors.facility_list(user=user, on=today),
            "can_add": user.has_perm("shelters.add_facility"),
            "to_decide": list(selectors.extensions_to_decide(user=user)),
            "today": today,
        },
    )


def _facility_input(post: Any) -> services.FacilityInput:
    return services.FacilityInput(
        name_vi=post.get("name_vi", ""),
        name_en=post.get("name_en", ""),
        kind=post.get("kind", ""),
        province_id=post.get("province") or None,
        max_stay_days=post.get("max_stay_days", ""),
        warn_days_before=post.get("warn_days_before", ""),
        extension_max_days=post.get("extension_max_days", ""),
        is_active=post.get("is_active", "") == "on",
    )


def _facility_form_context(data: services.FacilityInput, errors: Errors) -> dict[str, Any]:
    return {"data": data, "errors": errors, "kinds": FacilityKind.choices, "provinces": province_list()}


@login_required
@require_http_methods(["GET", "POST"])
def facility_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("shelters.add_facility"):
        raise PermissionDenied
    data = services.FacilityInput()
    errors: Errors = {}
    # A system administrator creates facilities for any agency; an agency administrator for their own.
    agencies = (
        list(Agency.objects.filter(is_active=True).order_by("code")) if policy.is_system_admin(request.user) else []
    )
    chosen = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
    if request.method == "POST":
        data = _facility_input(request.POST)
        try:
            if agencies and chosen is None:
                raise ValidationError({"agency": [_("Choose the agency the facility belongs to.")]})
            facility = services.facility_create(actor=request.user, data=data, agency=chosen)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The facility was created. Add its rooms and beds."))
            return redirect("shelters:facility_settings", pk=facility.pk)
    context = _facility_form_context(data, errors)
    context.update({"agencies": agencies, "chosen_agency": chosen})
    return render(request, "shelters/facility_new.html", context, status=400 if errors else 200)


def _settings_actions(request: HttpRequest, facility: Facility) -> dict[str, Callable[[], Any]]:
    p, u = request.POST, request.user
    return {
        "facility": lambda: services.facility_update(actor=u, facility=facility, data=_facility_input(p)),
        "room_add": lambda: services.room_add(
            actor=u, facility=facility, name=p.get("name", ""), sex=p.get("sex", ""), position=p.get("position")
        ),
        "room_update": lambda: services.room_update(
            actor=u,
            room=selectors.access_room(user=u, room_id=p.get("room")),
            name=p.get("name", ""),
            sex=p.get("sex", ""),
            position=p.get("position"),
        ),
        "room_remove": lambda: services.room_remove(actor=u, room=selectors.access_room(user=u, room_id=p.get("room"))),
        "beds_add": lambda: services.beds_add(
            actor=u,
            room=selectors.access_room(user=u, room_id=p.get("room")),
            labels=p.get("labels", ""),
            count=p.get("count"),
            prefix=p.get("prefix", ""),
        ),
        "bed_update": lambda: services.bed_update(
            actor=u,
            bed=selectors.access_bed(user=u, bed_id=p.get("bed")),
            label=p.get("label") if "label" in p else None,
            is_active=p.get("is_active") if "is_active" in p else None,
        ),
        "bed_remove": lambda: services.bed_remove(actor=u, bed=selectors.access_bed(user=u, bed_id=p.get("bed"))),
    }


def _done(action: str) -> str:
    return {
        "facility": _("The facility was saved."),
        "room_add": _("The room was added."),
        "room_update": _("The room was saved."),
        "room_remove": _("The room was removed."),
        "beds_add": _("The beds were added."),
        "bed_update": _("The bed was saved."),
        "bed_remove": _("The bed was removed."),
    }[action]


@login_required
@require_http_methods(["GET", "POST"])
def facility_settings(request: HttpRequest, pk: str) -> HttpResponse:
    """The facility's settings, rooms and beds, for its agency's administrator."""
    facility = selectors.access_facility(user=request.user, facility_id=pk, purpose="settings")
    if not request.user.has_perm("shelters.manage_facility", facility):
        raise PermissionDenied
    errors: Errors = {}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = services.FacilityInput.from_facility(facility)
    if request.method == "POST":
        actions = _settings_actions(request, facility)
        if action not in actions:
            raise PermissionDenied
        try:
            actions[action]()
        except ValidationError as exc:
            errors = _errors(exc)
            if action == "facility":
                data = _facility_input(request.POST)
        else:
            messages.success(request, _done(action))
            return redirect("shelters:facility_settings", pk=facility.pk)
    context = _facility_form_context(data, errors if action == "facility" else {})
    context.update(
        {
            "facility": facility,
            "rooms": selectors.facility_rooms(facility=facility),
            "room_sexes": RoomSex.choices,
            "action": action,
            "action_errors": errors if action != "facility" else {},
            "posted": request.POST,
            "can_view": request.user.has_perm("shelters.view_facility", facility),
        }
    )
    return render(request, "shelters/facility_settings.html", context, status=400 if errors else 200)


def _facility_nav(request: HttpRequest, facility: Facility) -> dict[str, Any]:
    return {
        "facility": facility,
        "can_view": request.user.has_perm("shelters.view_facility", facility),
        "can_manage": request.user.has_perm("shelters.manage_facility", facility),
    }


@login_required
def board(request: HttpRequest, pk: str) -> HttpResponse:
    """The bed board: rooms as cards, beds as tiles, at the end of a day (today by default)."""
    facility = selectors.access_facility(user=request.user, facility_id=pk, purpose="bed_board")
    errors: Errors = {}
    today = timezone.localdate()
    on = _day_param(request, "on", today, errors)
    context = selectors.facility_board(user=request.user, facility=facility, on=on)
    context.update(_facility_nav(request, facility))
    context.update({"errors": errors, "today": today, "states": BedState, "is_today": on == today})
    return render(request, "shelters/board.html", context)


@login_required
def census(request: HttpRequest, pk: str) -> HttpResponse:
    """The day's census and the occupancy of the 30 days before it."""
    facility = selectors.access_facility(user=request.user, facility_id=pk, purpose="census")
    errors: Errors = {}
    on = _day_param(request, "on", timezone.localdate(), errors)
    context = selectors.facility_census(facility=facility, on=on)
    context.update(_facility_nav(request, facility))
    chart = {
        "labels": [p["on"].strftime("%d/%m") for p in context["series"]],
        "occupied": [p["occupied"] for p in context["series"]],
        "capacity": context["capacity"],
        "label_occupied": _("Beds taken"),
        "label_capacity": _("Beds in use"),
    }
    context.update({"errors": errors, "chart": chart})
    return render(request, "shelters/census.html", context)


@login_required
def figures(request: HttpRequest, pk: str) -> HttpResponse:
    """Occupancy rate and length of stay for a period (the last 30 days by default)."""
    facility = selectors.access_facility(user=request.user, facility_id=pk, purpose="figures")
    errors: Errors = {}
    today = timezone.localdate()
    end = _day_param(request, "to", today, errors)
    start = _day_param(request, "from", end - dt.timedelta(days=29), errors)
    if start > end:
        errors.setdefault("from", []).append(_("The period must start before it ends."))
        start = end - dt.timedelta(days=29)
    if (end - start).days + 1 > selectors.MAX_PERIOD_DAYS:
        errors.setdefault("from", []).append(_("Choose a period of at most a year."))
        start = end - dt.timedelta(days=selectors.MAX_PERIOD_DAYS - 1)
    context = selectors.facility_figures(facility=facility, start=start, end=end)
    context.update(_facility_nav(request, facility))
    context["errors"] = errors
    return render(request, "shelters/figures.html", context)


# --- admission ------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def admit(request: HttpRequest, case_id: str) -> HttpResponse:
    """Admit the case's person to a facility of the user's agency."""
    user = request.user
    case = access_case_by_id(user=user, case_id=case_id, purpose="admit")
    if not user.has_perm("shelters.admit", case):
        raise PermissionDenied
    facilities = selectors.admission_facilities(user=user, case=case)
    source = request.POST if request.method == "POST" else request.GET
    chosen = next((f for f in facilities if str(f.pk) == source.get("facility")), facilities[0] if facilities else None)
    today = timezone.localdate()
    form = {
        "bed": source.get("bed", ""),
        "admitted_on": source.get("admitted_on", "") or today.strftime("%d/%m/%Y"),
        "note": source.get("note", ""),
    }
    errors: Errors = {}
    if request.method == "POST" and chosen is not None:
        bed = selectors.bed_of_facility(facility=chosen, bed_id=form["bed"]) if form["bed"] else None
        if str(chosen.pk) != request.POST.get("facility"):
            errors = {"facility": [_("Choose a facility of your agency.")]}
        elif form["bed"] and bed is None:
            errors = {"bed": [_("Choose a bed of this facility.")]}
        else:
            try:
                stay = services.stay_admit(
                    actor=user,
                    case=case,
                    facility=chosen,
                    bed=bed,
                    admitted_on=form["admitted_on"],
                    note=form["note"],
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(
                    request,
                    _("Admitted to bed %(bed)s. Planned discharge: %(date)s.")
                    % {"bed": stay.bed.label, "date": stay.planned_discharge_on.strftime("%d/%m/%Y")},
                )
                return redirect("shelters:stay_detail", pk=stay.pk)
    e = v.Errors()
    since = v.date(e, "admitted_on", form["admitted_on"]) or today
    beds = selectors.free_beds(facility=chosen, since=min(since, today)) if chosen else []
    return render(
        request,
        "shelters/admit.html",
        {
            "case": case,
            "person": case.person,
            "facilities": facilities,
            "facility": chosen,
            "beds": [{"bed": b, "room": b.room, "fits": services.room_fits(b.room.sex, case.person.sex)} for b in beds],
            "form": form,
            "errors": errors,
            "open_stay": Stay.objects.filter(case=case, discharged_on__isnull=True).select_related("facility").first(),
        },
        status=400 if errors else 200,
    )


# --- a stay ---------------------------------------------------------------------------------------------
def _stay_actions(request: HttpRequest, stay: Stay) -> dict[str, tuple[Callable[[], Any], str]]:
    p, u = request.POST, request.user

    def decide(approve: bool) -> Any:
        ext = selectors.access_extension(user=u, extension_id=p.get("extension"))
        if ext.stay_id != stay.pk:
            raise PermissionDenied
        return services.extension_decide(actor=u, extension=ext, approve=approve, note=p.get("decision_note", ""))

    def move() -> Any:
        bed = selectors.bed_of_facility(facility=stay.facility, bed_id=p.get("bed"))
        if bed is None:
            raise ValidationError({"bed": [_("Choose a bed of this facility.")]})
        return services.stay_move(actor=u, stay=stay, bed=bed)

    return {
        "extend": (
            lambda: services.extension_request(actor=u, stay=stay, days=p.get("days"), reason=p.get("reason", "")),
            _("The extension was asked for; a supervisor decides."),
        ),
        "approve": (lambda: decide(True), _("The extension was approved: the planned discharge moved on.")),
        "refuse": (lambda: decide(False), _("The extension was refused.")),
        "discharge": (
            lambda: services.stay_discharge(
                actor=u,
                stay=stay,
                destination=p.get("destination", ""),
                follow_up_plan=p.get("follow_up_plan", ""),
                discharged_on=p.get("discharged_on") or None,
                destination_province_id=p.get("destination_province") or None,
            ),
            _("The person was discharged; the bed is free."),
        ),
        "move": (move, _("The person was moved to another bed.")),
        "note": (
            lambda: services.stay_update(actor=u, stay=stay, admission_note=p.get("admission_note", "")),
            _("The admission note was saved."),
        ),
        "follow_up": (
            lambda: services.stay_update(actor=u, stay=stay, follow_up_plan=p.get("follow_up_plan", "")),
            _("The follow-up plan was saved."),
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def stay_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A stay: the person's bed and days, extensions, moving bed and discharge."""
    user = request.user
    stay = selectors.access_stay(user=user, stay_id=pk, purpose="change" if request.method == "POST" else "view")
    errors: Errors = {}
    action = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        actions = _stay_actions(request, stay)
        if action not in actions:
            raise PermissionDenied
        act, done = actions[action]
        try:
            act()
        except ValidationError as exc:
            errors = _errors(exc)
        except PermissionDenied:
            messages.error(request, _("You may not do this."))
            return redirect("shelters:stay_detail", pk=stay.pk)
        else:
            messages.success(request, done)
            return redirect("shelters:stay_detail", pk=stay.pk)
    today = timezone.localdate()
    can_change = user.has_perm("shelters.change_stay", stay)
    pending = next((x for x in stay.extensions.all() if x.status == StayExtensionStatus.REQUESTED), None)
    person = stay.case.person
    state = selectors.stay_state(stay, today) if stay.is_open else ""
    context = {
        "stay": stay,
        "case": stay.case,
        "person": person,
        "shown": selectors.shows_person(user, stay),
        "can_open_case": user.has_perm("cases.view_case", stay.case),
        "today": today,
        "state": state,
        "stay_state_label": str(BedState(state).label) if state else "",
        "day_number": stay.day_number(today),
        "days_left": stay.days_left(today),
        "days_over": max(-stay.days_left(today), 0),
        "can_change": can_change and stay.is_open,
        "can_follow_up": can_change and not stay.is_open,
        "pending": pending,
        "can_decide": pending is not None
        and user.has_perm("shelters.approve_extension", stay)
        and pending.requested_by_id != user.pk,
        "move_beds": [
            b
            for b in selectors.free_beds(facility=stay.facility, since=today)
            if services.room_fits(b.room.sex, person.sex)
        ]
        if can_change and stay.is_open
        else [],
        "destinations": StayDestination.choices,
        "provinces": province_list() if can_change and stay.is_open else [],
        "default_province": person.origin_province_id or "",
        "action": action,
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "shelters/stay_detail.html", context, status=400 if errors else 200)
