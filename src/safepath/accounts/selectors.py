from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from safepath.accounts.models import Agency, User


def user_needs_mfa_setup(*, user: User, required_roles: Iterable[str]) -> bool:
    required = set(required_roles)
    if not required:
        return False
    if "all" not in required and not user.role_codes.intersection(required):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.select_related("province").order_by("code")


def user_list_visible_to(*, user: User) -> QuerySet[User]:
    from safepath.core import policy

    return (
        User.objects.filter(policy.user_scope(user))
        .select_related("agency")
        .prefetch_related("user_roles")
        .order_by("agency__code", "username")
    )


def user_get_for_admin(*, actor: User, user_id: int | str) -> User:
    """A user the actor administers; 404 otherwise."""
    from django.http import Http404

    from safepath.core import policy

    try:
        pk = int(user_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    target = User.objects.filter(policy.user_scope(actor), pk=pk).select_related("agency").first()
    if target is None:
        raise Http404
    return target


def agency_staff(*, agency_id: object, roles: Iterable[str]) -> list[User]:
    """Active members of an agency holding one of these roles (whom to notify)."""
    return list(
        User.objects.filter(agency_id=agency_id, is_active=True, user_roles__role__in=list(roles))
        .distinct()
        .order_by("pk")
    )
