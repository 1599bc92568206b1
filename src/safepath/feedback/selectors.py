"""Reading survivors' feedback: aggregates for programme reviews, comments for the agency's supervisors.

Aggregates are de-identified: per provider and per service type, the number of responses and the mean
of each rating, with every cell of fewer than 5 responses suppressed, and (when a table would let the
suppressed cell be worked out from the total) the next smallest cell too. Comments never appear in
aggregates. The supervisors of an agency read the comments given at their own agency, by month,
without case or date, and each reading is written to the access log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.directory.models import ServiceProvider
from safepath.feedback.models import RATINGS, Feedback
from safepath.plans.choices import ServiceType

MIN_CELL = 5
MAX_COMMENTS = 200


@dataclass
class Cell:
    """One row of a table: a provider, a service type, or everything."""

    key: str
    label: str
    count: int
    means: dict[str, float | None] = field(default_factory=dict)
    suppressed: bool = False  # fewer than MIN_CELL responses, or hidden to protect such a row
    protects: bool = False  # hidden (though not small) so that a small row cannot be worked out
    # Per rating: the mean is hidden when fewer than MIN_CELL people answered that question.
    hidden: dict[str, bool] = field(default_factory=dict)

    @property
    def shown_count(self) -> int | None:
        return None if self.suppressed else self.count


@dataclass
class Summary:
    date_from: dt.date | None
    date_to: dt.date | None
    agency_id: str | None
    total: Cell
    by_provider: list[Cell]
    by_service: list[Cell]
    min_cell: int = MIN_CELL


def _may_read_summary(user: Any) -> None:
    if not user.has_perm("feedback.view_summary"):
        raise PermissionDenied


def _filtered(date_from: dt.date | None, date_to: dt.date | None, agency_id: Any) -> QuerySet[Feedback]:
    qs = Feedback.objects.all()
    if date_from:
        qs = qs.filter(given_on__gte=date_from)
    if date_to:
        qs = qs.filter(given_on__lte=date_to)
    if agency_id:
        qs = qs.filter(agency_id=str(agency_id)) if policy.is_uuid(agency_id) else qs.none()
    return qs


def _aggregates() -> dict[str, Any]:
    out: dict[str, Any] = {"n": Count("id")}
    for key in RATINGS:
        out[f"avg_{key}"] = Avg(f"rating_{key}")
        out[f"n_{key}"] = Count(f"rating_{key}")
    return out


def _cell(key: str, label: str, row: Mapping[str, Any]) -> Cell:
    cell = Cell(key=key, label=label, count=row["n"])
    for rating in RATINGS:
        answered = row[f"n_{rating}"]
        mean = row[f"avg_{rating}"]
        cell.hidden[rating] = answered < MIN_CELL
        cell.means[rating] = None if answered < MIN_CELL or mean is None else round(float(mean), 1)
    if cell.count < MIN_CELL:
        _suppress(cell)
    return cell


def _suppress(cell: Cell) -> None:
    cell.suppressed = True
    cell.means = dict.fromkeys(RATINGS)
    cell.hidden = dict.fromkeys(RATINGS, True)


def _protect(cells: list[Cell]) -> list[Cell]:
    """Secondary suppression: a single suppressed row could be worked out from the total and the other rows."""
    hidden = [c for c in cells if c.suppressed]
    shown = sorted((c for c in cells if not c.suppressed), key=lambda c: c.count)
    if len(hidden) == 1 and shown:
        _suppress(shown[0])
        shown[0].protects = True
    return cells


def feedback_summary(
    *, user: Any, date_from: dt.date | None = None, date_to: dt.date | None = None, agency_id: Any = None
) -> Summary:
    """Responses and mean ratings per provider and per service type, small cells suppressed (no comments)."""
    _may_read_summary(user)
    qs = _filtered(date_from, date_to, agency_id)
    total = _cell("all", _("All services"), qs.aggregate(**_aggregates()))
    provider_rows = list(qs.values("provider_id").annotate(**_aggregates()).order_by())
    names = {p.pk: p.name for p in ServiceProvider.objects.filter(pk__in=[r["provider_id"] for r in provider_rows])}
    by_provider = [
        _cell(str(r["provider_id"] or ""), names.get(r["provider_id"], _("Provider not named")), r)
        for r in provider_rows
    ]
    labels = dict(ServiceType.choices)
    service_rows = list(qs.values("service_type").annotate(**_aggregates()).order_by())
    by_service = [
        _cell(r["service_type"], str(labels.get(r["service_type"], _("Service not named"))), r) for r in service_rows
    ]
    if total.suppressed:  # too few answers at all: no row may show
        for c in by_provider + by_service:
            _suppress(c)
            c.protects = False
    by_provider = sorted(_protect(by_provider), key=lambda c: (c.suppressed, c.label))
    by_service = sorted(_protect(by_service), key=lambda c: (c.suppressed, c.label))
    return Summary(
        date_from=date_from,
        date_to=date_to,
        agency_id=str(agency_id) if agency_id else None,
        total=total,
        by_provider=by_provider,
        by_service=by_service,
    )


# --- comments: the agency's supervisors only ----------------------------------------------------------
def may_read_comments(user: Any) -> bool:
    """Supervisors read the comments given at their own agency (policy: feedback.view_comments)."""
    return bool(user.has_perm("feedback.view_comments"))


def feedback_comments(
    *, user: Any, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[dict[str, Any]]:
    """The comments given at the user's agency in the period, newest month first, without case or day."""
    if not may_read_comments(user):
        raise PermissionDenied
    qs = (
        _filtered(date_from, date_to, None)
        .filter(policy.feedback_comment_scope(user))
        .select_related("provider")
        .order_by("-given_on")
    )
    labels = dict(ServiceType.choices)
    rows = [f for f in qs[: MAX_COMMENTS * 5] if f.comment][:MAX_COMMENTS]
    if rows:
        audit_record(
            actor=user,
            action=Action.VIEW,
            object_type="feedback",
            object_ids=[f.pk for f in rows],
            purpose="feedback_comments",
        )
    return [
        {
            "month": f.given_on.replace(day=1),
            "provider": f.provider.name if f.provider else "",
            "service": str(labels.get(f.service_type, "")),
            "comment": f.comment,
        }
        for f in rows
    ]


def case_feedback_count(*, case: Any) -> int:
    """How many answers the person gave under their name from this case (anonymous ones are never counted)."""
    return Feedback.objects.filter(case=case, anonymous=False).count()


def agencies_with_feedback() -> list[Any]:
    from safepath.accounts.models import Agency

    ids = Feedback.objects.values("agency_id").distinct()
    return list(Agency.objects.filter(pk__in=ids).order_by("code"))
