from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.forms import AgencyForm, PasswordForm, UserForm
from safepath.accounts.models import Agency
from safepath.accounts.selectors import agency_list, user_get_for_admin, user_list_visible_to
from safepath.accounts.services import (
    agency_create,
    agency_update,
    user_create,
    user_set_password,
    user_unlock,
    user_update,
)
from safepath.core.forms import apply_service_errors, render_form


def _require_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.manage_user"):
        raise PermissionDenied


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    users = user_list_visible_to(user=request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserForm(request.POST or None, actor=request.user, initial={"agency": request.user.agency_id})
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(actor=request.user, data=form.to_input(), password=form.cleaned_data["password1"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The account %(name)s was created.") % {"name": user.username})
            return redirect("accounts:user_list")
    return render_form(request, "accounts/user_form.html", {"form": form, "editing": False})


@login_required
def user_edit_view(request: HttpRequest, user_id: str) -> HttpResponse:
    _require_manager(request)
    target = user_get_for_admin(actor=request.user, user_id=user_id)
    initial: dict[str, Any] = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "agency": target.agency_id,
        "roles": sorted(target.role_codes),
        "is_active": target.is_active,
    }
    form = UserForm(request.POST or None, actor=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(actor=request.user, user=target, data=form.to_input(username=target.username))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:user_list")
    return render_form(
        request,
        "accounts/user_form.html",
        {"form": form, "editing": True, "target": target, "password_form": PasswordForm()},
    )


@login_required
@require_POST
def user_password_view(request: HttpRequest, user_id: str) -> HttpResponse:
    _require_manager(request)
    target = user_get_for_admin(actor=request.user, user_id=user_id)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            user_set_password(actor=request.user, user=target, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("A new password was set for %(name)s.") % {"name": target.username})
            return redirect("accounts:user_edit", user_id=target.pk)
    return render(request, "accounts/user_password.html", {"password_form": form, "target": target}, status=400)


@login_required
@require_POST
def user_unlock_view(request: HttpRequest, user_id: str) -> HttpResponse:
    _require_manager(request)
    target = user_get_for_admin(actor=request.user, user_id=user_id)
    user_unlock(actor=request.user, user=target)
    messages.success(request, _("%(name)s can try to log in again.") % {"name": target.username})
    return redirect("accounts:user_edit", user_id=target.pk)


def lockout(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """What django-axes shows a locked-out user (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "account/lockout.html", {"cooloff_minutes": minutes}, status=429)


def _require_agency_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.manage_agency"):
        raise PermissionDenied


@login_required
def agency_list_view(request: HttpRequest) -> HttpResponse:
    _require_agency_manager(request)
    return render(request, "accounts/agency_list.html", {"agencies": agency_list()})


@login_required
def agency_form_view(request: HttpRequest, agency_id: str | None = None) -> HttpResponse:
    _require_agency_manager(request)
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first() if _is_uuid(agency_id) else None
        if agency is None:
            raise Http404
    initial = (
        {
            "code": agency.code,
            "name_vi": agency.name_vi,
            "name_en": agency.name_en,
            "type": agency.type,
            "province": agency.province_id,
            "is_active": agency.is_active,
            "intake_email": agency.intake_email or "",
            "closure_needs_approval": agency.closure_needs_approval,
        }
        if agency
        else {}
    )
    form = AgencyForm(request.POST or None, editing=agency is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        province_id = d["province"].pk if d.get("province") else None
        try:
            if agency is None:
                agency = agency_create(
                    actor=request.user,
                    code=d["code"],
                    name_vi=d["name_vi"],
                    name_en=d["name_en"],
                    type=d["type"],
                    province_id=province_id,
                    intake_email=d.get("intake_email") or "",
                    closure_needs_approval=bool(d.get("closure_needs_approval")),
                )
            else:
                agency_update(
                    actor=request.user,
                    agency=agency,
                    name_vi=d["name_vi"],
                    name_en=d["name_en"],
                    type=d["type"],
                    province_id=province_id,
                    is_active=bool(d.get("is_active")),
                    intake_email=d.get("intake_email") or "",
                    closure_needs_approval=bool(d.get("closure_needs_approval")),
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The agency %(code)s was saved.") % {"code": agency.code})
            return redirect("accounts:agency_list")
    return render_form(request, "accounts/agency_form.html", {"form": form, "agency": agency})


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
