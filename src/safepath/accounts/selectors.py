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
