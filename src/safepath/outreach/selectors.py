"""Outreach reads: the agency's events, one event with its grid, scores and materials, the register of a
training (audited: it names people), the catalogue with the agency's stock, and the figures.

The figures are aggregates only (events, participants by sex, materials handed out), never names:
analysts, supervisors and system administrators read every agency's, the other outreach workers their
own agency's (policy.outreach_figures_scope).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.outreach.choices import (
    CELLS,
    DISTRIBUTION_KINDS,
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachSex,
    StockMovementKind,
)
from safepath.outreach.models import Event, Material, MaterialStock, Participant, ParticipantCount, StockMovement

PAGE_SIZE = 50
MAX_MOVEMENTS = 200


# --- events -------------------------------------------------------------------------------------------
def _with_totals(qs: QuerySet[Event]) -> QuerySet[Event]:
    total = ParticipantCount.objects.filter(event=OuterRef("pk")).values("event").annotate(n=Sum("count")).values("n")
    return qs.annotate(
        participant_total=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
    )


def event_list(
    *,
    user: Any,
    kind: str = "",
    province: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Event]:
    """The user's agency's events, newest first, each with its `participant_total`. An event counts in a
    period when it overlaps it."""
    qs = Event.objects.filter(policy.outreach_event_scope(user)).select_related("province")
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province_id=province)
    if date_from:
        qs = qs.filter(end_date__gte=date_from)
    if date_to:
        qs = qs.filter(start_date__lte=date_to)
    return _with_totals(qs).order_by("-start_date", "-created_at")


def access_event(*, user: Any, event_id: Any) -> Event:
    """One event the user may open: 404 for missing and forbidden alike."""
    if not policy.is_uuid(event_id):
        raise Http404
    event = (
        Event.objects.filter(policy.outreach_event_scope(user), pk=str(event_id))
        .select_related("province", "agency")
        .first()
    )
    if event is None or not user.has_perm("outreach.view_event", event):
        raise Http404
    return event


@dataclass
class Grid:
    """An event's participants by sex (columns) and age group (rows), with the totals."""

    cells: dict[tuple[str, str], int]

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def by_sex(self) -> dict[str, int]:
        return {s: sum(n for (sx, _a), n in self.cells.items() if sx == s) for s in OutreachSex.values}

    def by_age(self) -> dict[str, int]:
        return {a: sum(n for (_s, ag), n in self.cells.items() if ag == a) for a in OutreachAgeGroup.values}

    def rows(self) -> list[dict[str, Any]]:
        """For a template: one row per age group, its cells in sex order and its total."""
        by_age = self.by_age()
        return [
            {
                "age": a,
                "label": label,
                "cells": [{"sex": s, "key": f"{s}_{a}", "count": self.cells[(s, a)]} for s in OutreachSex.values],
                "total": by_age[a],
            }
            for a, label in OutreachAgeGroup.choices
        ]

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {s: {a: self.cells[(s, a)] for a in OutreachAgeGroup.values} for s in OutreachSex.values}


def event_grid(event: Event) -> Grid:
    cells = dict.fromkeys(CELLS, 0)
    for row in ParticipantCount.objects.filter(event=event).values("sex", "age_group", "count"):
        cells[(row["sex"], row["age_group"])] = row["count"]
    return Grid(cells=cells)


@dataclass
class Scores:
    """What a training's pre- and post-tests show, without names."""

    registered: int = 0
    tested: int = 0  # with both scores
    average_pre: float | None = None
    average_post: float | None = None
    average_gain: float | None = None
    improved: int = 0


def event_scores(event: Event) -> Scores:
    rows = list(Participant.objects.filter(event=event).values_list("pre_score", "post_score"))
    both = [(a, b) for a, b in rows if a is not None and b is not None]
    out = Scores(registered=len(rows), tested=len(both))
    if both:
        out.average_pre = round(sum(a for a, _b in both) / len(both), 1)
        out.average_post = round(sum(b for _a, b in both) / len(both), 1)
        out.average_gain = round(sum(b - a for a, b in both) / len(both), 1)
        out.improved = sum(1 for a, b in both if b > a)
    return out


def may_read_participants(user: Any, event: Event) -> bool:
    return bool(user.has_perm("outreach.view_participants", event))


def event_participants(*, user: Any, event: Event, purpose: str = "view") -> list[Participant]:
    """The register of a training, by name; the reading is written to the access log."""
    if not may_read_participants(user, event):
        raise PermissionDenied
    rows = list(Participant.objects.filter(policy.outreach_participant_scope(user), event=event))
    rows.sort(key=lambda p: (p.name.casefold(), str(p.pk)))
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="outreach_event",
        object_ids=[event.pk],
        purpose=f"participants_{purpose}"[:50],
        detail={"participants": len(rows)},
    )
    return rows


def access_participant(*, user: Any, participant_id: Any) -> Participant:
    """One registered participant the user may read and change (audited as a read of the event's register)."""
    if not policy.is_uuid(participant_id):
        raise Http404
    participant = (
        Participant.objects.filter(policy.outreach_participant_scope(user), pk=str(participant_id))
        .select_related("event", "event__province")
        .first()
    )
    if participant is None or not user.has_perm("outreach.change_participants", participant.event):
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="outreach_event",
        object_ids=[participant.event_id],
        purpose="participant_view",
        detail={"participants": 1},
    )
    return participant


@dataclass
class HandedOut:
    material: Material
    quantity: int


def handed_out_at(event: Event) -> dict[Any, int]:
    """Material id -> how many are (net) handed out at the event."""
    rows = (
        StockMovement.objects.filter(event=event, kind=StockMovementKind.EVENT)
        .values("material_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    return {r["material_id"]: -(r["n"] or 0) for r in rows}


def event_materials(event: Event) -> list[HandedOut]:
    net = handed_out_at(event)
    materials = {m.pk: m for m in Material.objects.filter(pk__in=[k for k, n in net.items() if n > 0])}
    out = [HandedOut(material=materials[k], quantity=n) for k, n in net.items() if k in materials]
    return sorted(out, key=lambda h: h.material.title.casefold())


# --- materials ----------------------------------------------------------------------------------------
def material_list(
    *, user: Any, kind: str = "", language: str = "", q: str = "", active_only: bool = False
) -> list[Material]:
    """The catalogue, each material with `stock` and `low_threshold` of the user's agency (0 without a row)."""
    if not user.has_perm("outreach.view_material_list"):
        return []
    qs = Material.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(title_vi__icontains=q) | Q(title_en__icontains=q) | Q(description__icontains=q))
    materials = list(qs.order_by("-is_active", "title_vi"))
    if language:
        materials = [m for m in materials if language in (m.languages or [])]
    stocks = {
        s.material_id: s
        for s in MaterialStock.objects.filter(agency_id=user.agency_id, material_id__in=[m.pk for m in materials])
    }
    for m in materials:
        s = stocks.get(m.pk)
        m.stock = s.quantity if s else 0  # type: ignore[attr-defined]
        m.low_threshold = s.low_threshold if s else 0  # type: ignore[attr-defined]
        m.is_low = bool(s and m.is_active and s.is_low)  # type: ignore[attr-defined]
    return materials


def access_material(*, user: Any, material_id: Any) -> Material:
    if not policy.is_uuid(material_id) or not user.has_perm("outreach.view_material_list"):
        raise Http404
    material = Material.objects.select_related("agency").filter(pk=str(material_id)).first()
    if material is None:
        raise Http404
    return material


def agency_stock(*, user: Any, material: Material) -> MaterialStock:
    """The user's agency's stock of a material (unsaved and empty when it never had any)."""
    found = MaterialStock.objects.filter(material=material, agency_id=user.agency_id).first()
    return found or MaterialStock(material=material, agency_id=user.agency_id, quantity=0, low_threshold=0)


def material_movements(*, user: Any, material: Material) -> list[StockMovement]:
    """The latest movements of the user's agency's stock of a material."""
    if not user.has_perm("outreach.view_material_list"):
        return []
    return list(
        StockMovement.objects.filter(material=material, agency_id=user.agency_id)
        .select_related("event", "province")
        .order_by("-day", "-created_at")[:MAX_MOVEMENTS]
    )


def low_stock(*, user: Any) -> list[MaterialStock]:
    """The user's agency's materials at or below their warning level (a threshold of 0 warns at 0)."""
    return list(
        MaterialStock.objects.filter(
            agency_id=user.agency_id, material__is_active=True, quantity__lte=F("low_threshold")
        ).select_related("material")
    )


# --- figures ------------------------------------------------------------------------------------------
@dataclass
class FigureRow:
    key: str
    label: str
    events: int = 0
    female: int = 0
    male: int = 0
    other: int = 0

    @property
    def participants(self) -> int:
        return self.female + self.male + self.other


@dataclass
class DistributionRow:
    key: str
    label: str
    quantity: int = 0


@dataclass
class Figures:
    date_from: dt.date
    date_to: dt.date
    agency_id: str | None
    by_month: list[FigureRow]
    by_kind: list[FigureRow]
    total: FigureRow
    materials_by_material: list[DistributionRow] = field(default_factory=list)
    materials_by_province: list[DistributionRow] = field(default_factory=list)
    materials_by_month: list[DistributionRow] = field(default_factory=list)
    trainings: dict[str, Any] = field(default_factory=dict)

    @property
    def materials_total(self) -> int:
        return sum(r.quantity for r in self.materials_by_material)

    def chart(self) -> dict[str, Any]:
        """The numbers the bar chart draws (the same as the table)."""
        return {
            "labels": [r.label for r in self.by_month],
            "female": [r.female for r in self.by_month],
            "male": [r.male for r in self.by_month],
            "other": [r.other for r in self.by_month],
            "events": [r.events for r in self.by_month],
        }


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out: list[dt.date] = []
    day = start.replace(day=1)
    while day <= end and len(out) < 240:
        out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def _month_key(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%Y-%m") if value else ""


def outreach_figures(
    *, user: Any, date_from: dt.date, date_to: dt.date, agency_id: Any = None, kind: str = ""
) -> Figures:
    """Events (by start date) and participants per month and per kind, by sex; materials handed out per
    material, per province and per month. Aggregates only."""
    if not user.has_perm("outreach.view_figures"):
        raise PermissionDenied
    scope = policy.outreach_figures_scope(user)
    events = Event.objects.filter(scope, start_date__gte=date_from, start_date__lte=date_to)
    movements = StockMovement.objects.filter(
        scope, kind__in=list(DISTRIBUTION_KINDS), day__gte=date_from, day__lte=date_to
    )
    if agency_id:
        if policy.is_uuid(agency_id):
            events, movements = events.filter(agency_id=str(agency_id)), movements.filter(agency_id=str(agency_id))
        else:
            events, movements = events.none(), movements.none()
    if kind:
        events = events.filter(kind=kind)
        movements = movements.filter(event__kind=kind)

    months = _months(date_from, date_to)
    by_month = {_month_key(m): FigureRow(key=_month_key(m), label=m.strftime("%m/%Y")) for m in months}
    by_kind = {k: FigureRow(key=k, label=str(label)) for k, label in OutreachEventKind.choices}
    total = FigureRow(key="all", label="")

    per_month = events.annotate(month=TruncMonth("start_date")).values("month", "kind").annotate(n=Count("id"))
    for row in per_month.order_by():
        key = _month_key(row["month"])
        if key in by_month:
            by_month[key].events += row["n"]
        by_kind[row["kind"]].events += row["n"]
        total.events += row["n"]
    counts = (
        ParticipantCount.objects.filter(event__in=events.values("pk"))
        .annotate(month=TruncMonth("event__start_date"))
        .values("month", "event__kind", "sex")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for cell in counts:
        sex = cell["sex"] if cell["sex"] in OutreachSex.values else OutreachSex.OTHER
        n = cell["n"] or 0
        for target in (by_month.get(_month_key(cell["month"])), by_kind.get(cell["event__kind"]), total):
            if target is not None:
                setattr(target, sex, getattr(target, sex) + n)

    # Materials: what left stock to reach people (net of what was taken back).
    def dist(values: str) -> list[dict[str, Any]]:
        return list(movements.values(values).annotate(n=Sum("quantity")).order_by())

    names = {m.pk: m.title for m in Material.objects.filter(pk__in=movements.values("material_id"))}
    by_material = [
        DistributionRow(key=str(r["material_id"]), label=names.get(r["material_id"], ""), quantity=-(r["n"] or 0))
        for r in dist("material_id")
    ]
    from safepath.places.models import Province

    province_rows = dist("province_id")
    pnames = {p.pk: p.name for p in Province.objects.filter(pk__in=[r["province_id"] for r in province_rows])}
    by_province = [
        DistributionRow(key=r["province_id"] or "", label=pnames.get(r["province_id"], "—"), quantity=-(r["n"] or 0))
        for r in province_rows
    ]
    month_rows = {
        _month_key(r["month"]): -(r["n"] or 0)
        for r in movements.annotate(month=TruncMonth("day")).values("month").annotate(n=Sum("quantity")).order_by()
    }
    materials_by_month = [
        DistributionRow(key=key, label=row.label, quantity=month_rows.get(key, 0)) for key, row in by_month.items()
    ]

    both = Q(pre_score__isnull=False, post_score__isnull=False)
    t = Participant.objects.filter(event__in=events.values("pk")).aggregate(
        registered=Count("id"),
        tested=Count("id", filter=both),
        pre=Sum("pre_score", filter=both),
        post=Sum("post_score", filter=both),
        improved=Count("id", filter=both & Q(post_score__gt=F("pre_score"))),
    )
    tested = t["tested"]
    training_figures = {
        "registered": t["registered"],
        "tested": tested,
        "average_gain": round(((t["post"] or 0) - (t["pre"] or 0)) / tested, 1) if tested else None,
        "improved": t["improved"],
    }
    return Figures(
        date_from=date_from,
        date_to=date_to,
        agency_id=str(agency_id) if agency_id else None,
        by_month=list(by_month.values()),
        by_kind=list(by_kind.values()),
        total=total,
        materials_by_material=sorted([r for r in by_material if r.quantity], key=lambda r: (-r.quantity, r.label)),
        materials_by_province=sorted([r for r in by_province if r.quantity], key=lambda r: (-r.quantity, r.label)),
        materials_by_month=materials_by_month,
        trainings=training_figures,
    )


def agencies_with_events(*, user: Any) -> list[Any]:
    """The agencies whose figures the user may choose between."""
    from safepath.accounts.models import Agency

    ids = Event.objects.filter(policy.outreach_figures_scope(user)).values("agency_id").distinct()
    return list(Agency.objects.filter(pk__in=ids).order_by("code"))
