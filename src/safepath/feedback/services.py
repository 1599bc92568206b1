"""Survivors' voice: feedback links, and feedback given on one (alone) or from a case (with a worker).

Anonymous by default, and anonymous in the data: an anonymous answer names no case, carries the day
but no time, and leaves no access-log row (the log's timestamps and ids would tie it to the worker
and the case they had open). Only an answer the person chose to sign is written to the access log,
with its case.

A link is a 10-character code (Crockford base 32, 50 random bits) shown once to the worker, as a
link and as a short code to type; only its HMAC is stored. It works once, for 14 days.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.crypto import blind_index
from safepath.directory.models import ServiceProvider
from safepath.feedback.models import RATINGS, Feedback, FeedbackRequest, FilledBy
from safepath.plans.choices import ServiceType

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
CODE_LENGTH = 10
LINK_DAYS = 14
MAX_COMMENT = 4000
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalize_code(text: str) -> str:
    """What the person typed, as a code: case, spaces, dashes and look-alike letters forgiven; '' if not one."""
    code = "".join(ch for ch in str(text or "").upper().translate(_LOOKALIKES) if ch.isalnum())
    return code if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code) else ""


def format_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read out and to type."""
    return f"{code[:5]}-{code[5:]}"


def _hash(code: str) -> str:
    return blind_index(code, purpose="feedback.link")


def _provider(e: v.Errors, value: Any) -> ServiceProvider | None:
    if value in (None, ""):
        return None
    provider = ServiceProvider.objects.filter(pk=value, is_active=True).first() if policy.is_uuid(value) else None
    if provider is None:
        e.add("provider", _("Choose one of the listed values."))
    return provider


def _ratings(e: v.Errors, ratings: Mapping[str, Any] | None) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for key in RATINGS:
        raw = (ratings or {}).get(key)
        if raw in (None, ""):
            out[key] = None
            continue
        try:
            number = int(str(raw))
        except ValueError:
            number = 0
        if not 1 <= number <= 5:
            e.add(f"rating_{key}", _("Choose from 1 to 5, or prefer not to say."))
            number = 0
        out[key] = number or None
    return out


def _answers(e: v.Errors, ratings: Mapping[str, Any] | None, comment: Any) -> tuple[dict[str, int | None], str]:
    scores = _ratings(e, ratings)
    text = v.text(e, "comment", comment, limit=MAX_COMMENT)
    if not e.items and not text and all(s is None for s in scores.values()):
        e.add("ratings", _("Answer at least one question, or write a comment."))
    return scores, text


# --- links -------------------------------------------------------------------------------------------
def feedback_link_create(
    *, actor: Any, case: Case, provider_id: Any = None, service_type: str = ""
) -> tuple[FeedbackRequest, str]:
    """A one-time link for the person to answer on their own phone. Returns the link and its code (shown once).

    The link records the agency, the provider and service the questions are about, and its dates;
    not the case, so an answer given on it cannot be traced back to the case.
    """
    v.require(actor, "feedback.add_feedback", case)
    e = v.Errors()
    provider = _provider(e, provider_id)
    service_type = v.choice(e, "service_type", service_type, ServiceType.values, required=False)
    e.raise_if_any()
    now = timezone.now()
    with transaction.atomic():
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
            if not FeedbackRequest.objects.filter(token_hash=_hash(code)).exists():
                break
        link = FeedbackRequest.objects.create(
            token_hash=_hash(code),
            agency_id=case.agency_id,
            provider=provider,
            service_type=service_type,
            created_on=timezone.localdate(),
            expires_at=now + dt.timedelta(days=LINK_DAYS),
        )
        # No ids: the log says a link was made, never which one.
        audit_record(actor=actor, action=Action.CREATE, object_type="feedback", purpose="feedback_link")
    return link, code


def link_for_code(code: str) -> FeedbackRequest | None:
    """The unused, unexpired link of a code; None for a wrong, used or expired code alike."""
    code = normalize_code(code)
    if not code:
        return None
    return (
        FeedbackRequest.objects.select_related("provider")
        .filter(token_hash=_hash(code), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def feedback_submit_by_link(*, code: str, ratings: Mapping[str, Any] | None, comment: Any) -> Feedback:
    """The person's own answer on a link: always anonymous, filled by the person. The link works once.

    Raises PermissionDenied for a wrong, used or expired code (two answers racing on one link: one wins).
    """
    e = v.Errors()
    scores, text = _answers(e, ratings, comment)
    link = link_for_code(code)
    if link is None:
        raise PermissionDenied(_("This link cannot be used: it was already used, it has expired or it is mistyped."))
    e.raise_if_any()
    with transaction.atomic():
        claimed = FeedbackRequest.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=timezone.now())
        # Used: forget what it was about (the answer keeps it), so the link row cannot point at the answer.
        if claimed.update(used_at=timezone.now(), provider=None, service_type="") != 1:
            raise PermissionDenied(
                _("This link cannot be used: it was already used, it has expired or it is mistyped.")
            )
        return Feedback.objects.create(
            agency_id=link.agency_id,
            provider_id=link.provider_id,
            service_type=link.service_type,
            filled_by=FilledBy.PERSON,
            anonymous=True,
            comment=text,
            given_on=timezone.localdate(),
            **{f"rating_{k}": s for k, s in scores.items()},
        )


# --- with a worker, from a case ----------------------------------------------------------------------
def feedback_record(
    *,
    actor: Any,
    case: Case,
    provider_id: Any = None,
    service_type: str = "",
    filled_by: str = FilledBy.PERSON,
    anonymous: bool = True,
    ratings: Mapping[str, Any] | None = None,
    comment: Any = "",
) -> Feedback:
    """Feedback given on the worker's device, from a case. Anonymous unless the person chose to sign it,
    in which case it names the case (and is written to the access log with it)."""
    v.require(actor, "feedback.add_feedback", case)
    e = v.Errors()
    provider = _provider(e, provider_id)
    service_type = v.choice(e, "service_type", service_type, ServiceType.values, required=False)
    filled_by = v.choice(e, "filled_by", filled_by or FilledBy.PERSON, FilledBy.values)
    scores, text = _answers(e, ratings, comment)
    e.raise_if_any()
    with transaction.atomic():
        feedback = Feedback.objects.create(
            agency_id=case.agency_id,
            provider=provider,
            service_type=service_type,
            filled_by=filled_by,
            anonymous=bool(anonymous),
            case=None if anonymous else case,
            comment=text,
            given_on=timezone.localdate(),
            **{f"rating_{k}": s for k, s in scores.items()},
        )
        if not anonymous:
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="feedback",
                object_ids=[feedback.pk],
                also={"case": [case.pk], "person": [case.person_id]},
            )
    return feedback


def check_case_for_feedback(*, user: Any, case_id: Any) -> Case:
    """The case a worker takes feedback from, without reading the person (so without an access-log row):
    404 when the user may not see it, 403 when they may see it but not take feedback from it."""
    case = Case.objects.select_related("agency").filter(pk=str(case_id)).first() if policy.is_uuid(case_id) else None
    if case is None or not user.has_perm("cases.view_case", case):
        raise Http404
    if not user.has_perm("feedback.add_feedback", case):
        raise PermissionDenied
    return case


def ratings_from(data: Mapping[str, Any]) -> dict[str, Any]:
    """The five answers from a form's fields (rating_respect, ...)."""
    return {key: data.get(f"rating_{key}", "") for key in RATINGS}
