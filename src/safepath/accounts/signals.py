"""Log-ins, log-outs and failed log-ins go to the access log.

Django's auth signals are the only place these events surface, so the receivers here only
record them; they carry no business logic.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safepath.audit.models import Action
from safepath.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=Action.LOGIN)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The attempted user name may be a mistyped password or a person's name: not logged.
    audit_record(actor=None, action=Action.LOGIN_FAILED)
