"""Writes on agencies and users; each checks the policy and audits in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency, User, UserRole
from safepath.accounts.roles import Role
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core.normalize import normalize_email


@dataclass
class UserInput:
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    agency_id: Any = None
    roles: Iterable[str] = ()
    is_active: bool = True


def _check_roles_and_agency(*, actor: Any, data: UserInput) -> None:
    errors: dict[str, list[str]] = {}
    allowed = {r.value for r in policy.assignable_roles(actor)}
    roles = set(data.roles)
    if not roles:
        errors["roles"] = [_("Give the user at least one role.")]
    elif not roles <= allowed:
        errors["roles"] = [
            _("You may not give these roles: %(roles)s.") % {"roles": ", ".join(sorted(roles - allowed))}
        ]
    if not Agency.objects.filter(policy.assignable_agency_ids(actor), pk=data.agency_id).exists():
        errors["agency"] = [_("Choose an agency you administer.")]
    if errors:
        raise ValidationError(errors)


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = set(roles)
    UserRole.objects.filter(user=user).exclude(role__in=wanted).delete()
    have = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - have)])
    user.forget_roles()


def user_create(*, actor: Any, data: UserInput, password: str) -> User:
    """An administrator creates a staff account in an agency they administer."""
    if not actor.has_perm("accounts.manage_user"):
        raise PermissionDenied(_("You may not manage users."))
    _check_roles_and_agency(actor=actor, data=data)
    username = data.username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This user name is taken.")]})
    user = User(
        username=username,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        email=data.email.strip().lower(),
        agency_id=data.agency_id,
        is_active=data.is_active,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        _set_roles(user, data.roles)
        audit_record(actor=actor, action=Action.CREATE, object_type="user", object_ids=[user.pk], seal_change_of=user)
    return user


def user_update(*, actor: Any, user: User, data: UserInput) -> User:
    if not actor.has_perm("accounts.manage_user", user):
        raise PermissionDenied(_("You may not manage this user."))
    _check_roles_and_agency(actor=actor, data=data)
    if user.pk == actor.pk and (
        not data.is_active
        or Role.AGENCY_ADMIN in user.role_codes - set(data.roles)
        or Role.SYSTEM_ADMIN in user.role_codes - set(data.roles)
    ):
        raise ValidationError(_("You cannot deactivate yourself or remove your own administrator role."))
    changed = [
        name
        for name in ("first_name", "last_name", "email", "agency_id", "is_active")
        if getattr(user, name) != getattr(data, name)
    ]
    if set(user.role_codes) != set(data.roles):
        changed.append("roles")
    with transaction.atomic():
        user.first_name, user.last_name = data.first_name.strip(), data.last_name.strip()
        user.email, user.agency_id, user.is_active = data.email.strip().lower(), data.agency_id, data.is_active
        user.save()
        _set_roles(user, data.roles)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="user",
            object_ids=[user.pk],
            detail={"fields": changed},
            seal_change_of=user,
        )
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> None:
    if not actor.has_perm("accounts.manage_user", user):
        raise PermissionDenied(_("You may not manage this user."))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
        audit_record(
            actor=actor, action=Action.UPDATE, object_type="user", object_ids=[user.pk], detail={"fields": ["password"]}
        )


def user_unlock(*, actor: Any, user: User) -> int:
    """Clear failed log-in attempts (django-axes) so a locked-out user can try again."""
    if not actor.has_perm("accounts.manage_user", user):
        raise PermissionDenied(_("You may not manage this user."))
    from axes.utils import reset

    count = reset(username=user.username)
    audit_record(
        actor=actor, action=Action.UPDATE, object_type="user", object_ids=[user.pk], detail={"fields": ["lockout"]}
    )
    return int(count or 0)


# Apps that keep something per agency register here (in their AppConfig.ready): each hook is called
# as hook(agency, actor) inside the transaction that created or changed the agency (the directory
# keeps the agency's own entry in step with its names and province).
AGENCY_SAVED_HOOKS: list[Any] = []


def _agency_saved(agency: Agency, actor: Any) -> None:
    for hook in AGENCY_SAVED_HOOKS:
        hook(agency, actor)


def agency_create(
    *,
    actor: Any | None,
    code: str,
    name_vi: str,
    name_en: str,
    type: str,
    province_id: str | None,
    intake_email: str = "",
    closure_needs_approval: bool = True,
) -> Agency:
    """Create an agency. Only a system administrator (or the command line, actor=None) may."""
    if actor is not None and not policy.is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may create agencies."))
    agency = Agency(
        code=code.upper(),
        name_vi=name_vi,
        name_en=name_en,
        type=type,
        province_id=province_id,
        intake_email=normalize_email(intake_email) or None,
        closure_needs_approval=closure_needs_approval,
    )
    agency.full_clean()
    with transaction.atomic():
        agency.save()
        audit_record(
            actor=actor, action=Action.CREATE, object_type="agency", object_ids=[agency.pk], seal_change_of=agency
        )
        _agency_saved(agency, actor)
    return agency


def agency_update(
    *,
    actor: Any,
    agency: Agency,
    name_vi: str,
    name_en: str,
    type: str,
    province_id: str | None,
    is_active: bool,
    intake_email: str | None = None,
    closure_needs_approval: bool | None = None,
) -> Agency:
    """Change an agency's names, type, province or status (its code is permanent: case numbers use it)."""
    if not actor.has_perm("accounts.manage_agency"):
        raise PermissionDenied(_("Only a system administrator may change agencies."))
    new = {
        "name_vi": name_vi.strip(),
        "name_en": name_en.strip(),
        "type": type,
        "province_id": province_id,
        "is_active": is_active,
    }
    if intake_email is not None:
        new["intake_email"] = normalize_email(intake_email) or None
    if closure_needs_approval is not None:
        new["closure_needs_approval"] = closure_needs_approval
    changed = sorted(k.removesuffix("_id") for k, v in new.items() if getattr(agency, k) != v)
    if not changed:
        return agency
    for k, v in new.items():
        setattr(agency, k, v)
    agency.full_clean()
    with transaction.atomic():
        agency.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="agency",
            object_ids=[agency.pk],
            detail={"fields": changed},
            seal_change_of=agency,
        )
        _agency_saved(agency, actor)
    return agency
