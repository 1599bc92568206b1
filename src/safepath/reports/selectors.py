"""Figures for a user: the policy decides which agencies count and whether small cells are hidden.

Views, report documents and exports all go through here, never through `compute` directly, so the
scope and the suppression rules are applied the same way everywhere:

* ``figure(user, code, ...)``: an indicator for the screen (suppressed unless the user counts only
  their own agency, `policy.sees_exact_figures`);
* ``figure_for_release(...)``: the same for anything that leaves SafePath (always suppressed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from safepath.core import policy
from safepath.reports import indicators
from safepath.reports.compute import Filters, Result, compute, with_months
from safepath.reports.periods import Period
from safepath.reports.publish import Published, publish

CACHE_SECONDS = 120  # figures are recomputed at most every two minutes for the same question


def user_filters(user: Any, *, agency: str = "", province: str = "", legacy_province: str = "") -> Filters:
    """The filters a user asked for, narrowed to the agencies the policy lets them count.

    Asking for an agency outside the user's scope gives PermissionDenied (a 403), not silently
    another agency's figures.
    """
    if not user.has_perm("reports.view_aggregates"):
        raise PermissionDenied
    allowed = policy.aggregate_agencies(user)
    agencies: frozenset[str] | None = allowed
    if agency:
        if allowed is not None and agency not in allowed:
            raise PermissionDenied
        agencies = frozenset({agency})
    return Filters(agencies=agencies, province=province, legacy_province=legacy_province)


def _cached_compute(code: str, period: Period, filters: Filters, by: tuple[str, ...]) -> Result:
    indicator = indicators.get(code)
    raw = f"{indicators.load().version}|{code}|{period.code}|{period.kind}|{filters.key()}|{','.join(by)}"
    key = "reports:fig:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = compute(indicator, period=period, filters=filters, by=by)
        cache.set(key, result, CACHE_SECONDS)
    return result


def figure(user: Any, code: str, *, period: Period, filters: Filters, by: Sequence[str] = ()) -> Published:
    """An indicator as ``user`` may see it on screen. ``filters`` must come from `user_filters`.

    With small cells hidden, only for whole months (ValueError otherwise: `Period.check_releasable`;
    forms check it first, `period_error`).
    """
    if policy.sees_exact_figures(user):
        return publish(_cached_compute(code, period, filters, tuple(by)), suppress=False)
    period.check_releasable()
    result, months = with_months(
        indicators.get(code), period=period, by=by, compute_by=lambda b: _cached_compute(code, period, filters, b)
    )
    return publish(result, suppress=True, months=months)


def figure_for_release(code: str, *, period: Period, filters: Filters, by: Sequence[str] = ()) -> Published:
    """An indicator as it may leave SafePath: small cells always suppressed, whole months only."""
    period.check_releasable()
    indicator = indicators.get(code)
    result, months = with_months(
        indicator, period=period, by=by, compute_by=lambda b: compute(indicator, period=period, filters=filters, by=b)
    )
    return publish(result, suppress=True, months=months)


def period_error(user: Any | None, period: Period) -> str:
    """Why ``period`` cannot be shown to ``user`` (None: released), or "" when it can."""
    if user is not None and policy.sees_exact_figures(user):
        return ""
    try:
        period.check_releasable()
    except ValueError as exc:
        return str(exc)
    return ""
