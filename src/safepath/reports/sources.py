"""What an indicator can count: SafePath's record types, their dimensions, measures and conditions.

The indicator file (`data/indicators.yaml`) names a *source*, a *measure*, *conditions* and
*disaggregations*; this module says what each name means over the database. Everything here is a
plain column, a code or a count: no source reaches an encrypted field, a name or a free text, so no
indicator can be made to return one.

A dimension is a column path or an expression giving one code per record (sex, age band, province,
...), or a *multi-valued* code list kept in a JSON array (topics of a consultation, types of
exploitation of a case): a record then counts once under every code it holds, and the categories do
not add up to the total (suppression treats every category as its own table).

Provinces: ``province`` is the current (34, from July 2025) province; a record that only knows its
former province counts under the province it merged into. ``legacy_province`` is the former (63)
province, known only where it was recorded; elsewhere it is "not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.db import models
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.expressions import Combinable, Func
from django.db.models.functions import Coalesce, Extract, Greatest, Least
from django.utils.translation import gettext_lazy as _

UNKNOWN: Final = "unknown"

Kind = Literal["plain", "multi"]
DateMode = Literal["event", "active"]


class JsonHas(Func):
    """True when a JSON array column holds the string ``code`` (SQLite ``json_each``, PostgreSQL ``@>``)."""

    output_field = models.BooleanField()

    def __init__(self, column: str, code: str) -> None:
        super().__init__(F(column), Value(code))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, column_params = compiler.compile(self.source_expressions[0])
        code = self.source_expressions[1].value  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            import json

            return f"({column})::jsonb @> %s::jsonb", [*column_params, json.dumps([code])]
        # `column` is a compiled column reference, never user input; the code is a bound parameter.
        sql = "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE json_each.value = %s)"  # noqa: S608
        return sql, [*column_params, code]


class _Banded(models.Case):
    """``CASE WHEN by IS NULL THEN 'unknown' WHEN age < 18 THEN '0-17' ... END``."""

    def __init__(self, age: Combinable, birth_year_path: str) -> None:
        bands = [(18, "0-17"), (25, "18-24"), (35, "25-34"), (45, "35-44"), (60, "45-59")]
        whens = [models.When(**{f"{birth_year_path}__isnull": True}, then=Value(UNKNOWN))]
        whens.append(models.When(_LessThan(age, 0), then=Value(UNKNOWN)))
        whens += [models.When(_LessThan(age, limit), then=Value(code)) for limit, code in bands]
        super().__init__(*whens, default=Value("60+"), output_field=models.CharField())


class _LessThan(Func):
    """``expression < number`` as a boolean expression usable in When()."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, expression: Combinable, number: int) -> None:
        super().__init__(expression, Value(number))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        left, left_params = compiler.compile(self.source_expressions[0])
        right, right_params = compiler.compile(self.source_expressions[1])
        return f"({left}) < ({right})", [*left_params, *right_params]


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Any
    path: str = ""  # a column path for values(); or:
    expression: Callable[[], Any] | None = None  # an expression giving the code
    kind: Kind = "plain"
    labels: str = ""  # the code list its codes come from (see safepath.reports.labels); default: its key


@dataclass(frozen=True)
class Measure:
    """An aggregate. ``aggregate(filter=None)`` returns it; ``base`` counts what a mean rests on.

    ``per_day``: the figure is multiplied by the days of the period (beds → bed-nights).
    ``period_aggregate(start, end, filter)``: an aggregate that needs the period's bounds.
    ``convert``: turns the database's answer into the published number (a duration into hours).
    """

    key: str
    label: Any
    aggregate: Callable[..., Any]
    kind: Literal["count", "sum", "mean"] = "count"
    base: Callable[..., Any] | None = None
    per_day: bool = False
    period_aggregate: Callable[..., Any] | None = None
    convert: Callable[[Any], float] | None = None

    @property
    def additive(self) -> bool:
        """Whether a breakdown by a single-valued dimension adds up to the total (not a mean, not distinct)."""
        return self.kind != "mean" and not getattr(self.aggregate(), "distinct", False)


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    model: str
    date: str  # a DateField path, or a DateTimeField path (then compared by local date)
    agency: str
    dimensions: Mapping[str, Dimension]
    measures: Mapping[str, Measure]
    conditions: Mapping[str, Callable[[], Q]] = field(default_factory=dict)
    date_is_datetime: bool = False
    # "active" sources count records whose span [date, end_date] overlaps the period (a caseload).
    end_date: str = ""
    legacy_province: bool = False  # whether `legacy_province` is recorded for this source

    def __post_init__(self) -> None:
        # Every source with an agency can be broken down by it, over the same path as the scope.
        if self.agency and "agency" not in self.dimensions:
            agency = Dimension("agency", _("agency"), path=self.agency)
            object.__setattr__(self, "dimensions", {**self.dimensions, "agency": agency})

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)


def _count() -> Callable[..., Any]:
    # COUNT(*) where it can (Django refuses a FILTER on it): the database need not read the key.
    return lambda filter=None: Count("*") if filter is None else Count("pk", filter=filter)


def _distinct(path: str) -> Callable[..., Any]:
    return lambda filter=None: Count(path, distinct=True, filter=filter)


def _sum(path: str) -> Callable[..., Any]:
    return lambda filter=None: Coalesce(Sum(path, filter=filter), 0)


def _and(q: Q, extra: Q | None) -> Q:
    return q if extra is None else q & extra


# --- shared dimensions -----------------------------------------------------------------------------


def _province_dims(new: str, legacy: str | None) -> dict[str, Dimension]:
    dims = {
        "province": Dimension(
            "province",
            _("province"),
            expression=(lambda: Coalesce(F(new), F(f"{legacy}__successor"))) if legacy else None,
            path="" if legacy else new,
        )
    }
    dims["legacy_province"] = Dimension(
        "legacy_province",
        _("former province (before July 2025)"),
        path=legacy or "",
        expression=None if legacy else (lambda: Value(None, output_field=models.CharField())),
    )
    return dims


def _dims(*items: Dimension) -> dict[str, Dimension]:
    return {d.key: d for d in items}


MONTH = "month"  # the period bucket, handled by the engine for every source


def _stay_days(filter: Q | None = None) -> Any:
    return Avg(
        models.ExpressionWrapper(F("discharged_on") - F("admitted_on"), output_field=models.DurationField()),
        filter=_and(Q(discharged_on__isnull=False), filter),
    )


def _response_time(filter: Q | None = None) -> Any:
    return Avg(
        models.ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=models.DurationField()),
        filter=_and(Q(answered_at__isnull=False), filter),
    )


def _bed_days(start: dt.date, end: dt.date, filter: Q | None = None) -> Any:
    """Nights of the stays within [start, end]: ``min(left or end+1, end+1) - max(admitted, start)``."""
    after = end + dt.timedelta(days=1)
    last = Least(Coalesce(F("discharged_on"), Value(after)), Value(after))
    first = Greatest(F("admitted_on"), Value(start))
    return Sum(models.ExpressionWrapper(last - first, output_field=models.DurationField()), filter=filter)


def hours(value: Any) -> float:
    return value.total_seconds() / 3600 if isinstance(value, dt.timedelta) else float(value)


def days(value: Any) -> float:
    return value.total_seconds() / 86400 if isinstance(value, dt.timedelta) else float(value)


def _supported() -> Q:
    """A case that received support: a delivered referral, a shelter stay, a reintegration plan or an approved plan."""
    from django.apps import apps

    referral = apps.get_model("referrals", "Referral")
    stay = apps.get_model("shelters", "Stay")
    reintegration = apps.get_model("reintegration", "ReintegrationPlan")
    plan = apps.get_model("plans", "CarePlan") if _has_model("plans", "CarePlan") else None
    q = (
        Q(Exists(referral.objects.filter(case=OuterRef("pk"), status="delivered")))
        | Q(Exists(stay.objects.filter(case=OuterRef("pk"))))
        | Q(Exists(reintegration.objects.filter(case=OuterRef("pk"))))
    )
    if plan is not None:
        q |= Q(Exists(plan.objects.filter(case=OuterRef("pk"), status__in=["approved", "closed"])))
    return q


def _screened() -> Q:
    from django.apps import apps

    assessment = apps.get_model("screening", "Assessment")
    return Q(
        Exists(
            assessment.objects.filter(
                case=OuterRef("pk"), kind__in=["trafficking", "forced_labour"], status="completed"
            )
        )
    )


def _has_model(app: str, name: str) -> bool:
    from django.apps import apps

    try:
        apps.get_model(app, name)
    except LookupError:
        return False
    return True


VICTIM_STATUSES: Final = ("victim", "foreign_victim", "accompanying_minor")
IDENTIFICATION_STATUSES: Final = ("under_identification_abroad", "under_identification_vietnam")


def _case_dims(prefix: str = "") -> dict[str, Dimension]:
    p = prefix
    return {
        **_dims(
            Dimension("sex", _("sex"), path=f"{p}person__sex"),
            Dimension(
                "age_band",
                _("age"),
                expression=lambda: _Banded(
                    Extract(f"{p}opened_on", "year") - F(f"{p}person__birth_year"), f"{p}person__birth_year"
                ),
            ),
            Dimension("destination", _("destination country"), path=f"{p}destination_country_id"),
            Dimension("channel", _("how it reached us"), path=f"{p}channel", labels="intake_channel"),
            Dimension("case_type", _("case type"), path=f"{p}case_type"),
            Dimension("legal_status", _("legal status"), path=f"{p}legal_status"),
            Dimension("exploitation", _("type of exploitation"), path=f"{p}exploitation_types", kind="multi"),
            Dimension("migration_stage", _("migration stage"), path=f"{p}migration_stage"),
        ),
        **_province_dims(f"{p}person__origin_province_id", f"{p}person__origin_legacy_province"),
    }


def _stay_dims() -> dict[str, Dimension]:
    return {**_case_dims("case__"), "facility": Dimension("facility", _("facility"), path="facility_id")}


LEFT_FOR = Dimension("destination_after", _("left for"), path="destination")


def _build() -> dict[str, Source]:
    sources = [
        Source(
            key="consultations",
            label=_("Consultations"),
            model="cases.Consultation",
            date="held_on",
            agency="agency_id",
            dimensions={
                **_dims(
                    Dimension("channel", _("channel"), path="channel", labels="consultation_channel"),
                    Dimension("topic", _("topic"), path="topics", kind="multi"),
                    Dimension("sex", _("sex"), path="sex"),
                    Dimension("age_band", _("age"), path="age_band"),
                    Dimension("destination", _("destination country"), path="destination_country_id"),
                    Dimension("migration_stage", _("migration stage"), path="migration_stage"),
                    Dimension("outcome", _("outcome"), path="outcome", labels="consultation_outcome"),
                ),
                **_province_dims("province_id", None),
            },
            measures={"count": Measure("count", _("consultations"), _count())},
        ),
        Source(
            key="intake",
            label=_("Intake items"),
            model="cases.IntakeItem",
            date="received_at",
            date_is_datetime=True,
            agency="agency_id",
            dimensions={
                **_dims(
                    Dimension("channel", _("channel"), path="channel", labels="intake_channel"),
                    Dimension("status", _("status"), path="status", labels="intake_status"),
                    Dimension("urgency", _("urgency"), path="urgency"),
                    Dimension("destination", _("destination country"), path="destination_country_id"),
                ),
                **_province_dims("province_id", None),
            },
            measures={"count": Measure("count", _("intake items"), _count())},
            conditions={
                "handled": lambda: Q(status__in=["converted", "closed"]),
                "from_portal": lambda: Q(channel="web"),
            },
        ),
        Source(
            key="cases",
            label=_("Cases opened"),
            model="cases.Case",
            date="opened_on",
            agency="agency_id",
            legacy_province=True,
            dimensions={
                **_case_dims(),
                "closure_reason": Dimension("closure_reason", _("reason for closing"), path="closure_reason"),
            },
            measures={
                "count": Measure("count", _("cases"), _count()),
                "persons": Measure("persons", _("persons"), _distinct("person_id")),
            },
            conditions={
                "victim": lambda: Q(legal_status__in=VICTIM_STATUSES),
                "under_identification": lambda: Q(legal_status__in=IDENTIFICATION_STATUSES),
                "suspected_trafficking": lambda: (
                    Q(case_type__in=["suspected_trafficking", "identified_victim"])
                    | Q(legal_status__in=(*VICTIM_STATUSES, *IDENTIFICATION_STATUSES))
                ),
                "supported": _supported,
                "screened": _screened,
            },
        ),
        Source(
            key="caseload",
            label=_("Cases open during the period"),
            model="cases.Case",
            date="opened_on",
            end_date="closed_on",
            agency="agency_id",
            legacy_province=True,
            dimensions=_case_dims(),
            measures={
                "count": Measure("count", _("cases"), _count()),
                "persons": Measure("persons", _("persons"), _distinct("person_id")),
            },
            conditions={"victim": lambda: Q(legal_status__in=VICTIM_STATUSES), "supported": _supported},
        ),
        Source(
            key="closures",
            label=_("Cases closed"),
            model="cases.Case",
            date="closed_on",
            agency="agency_id",
            legacy_province=True,
            dimensions={
                **_case_dims(),
                "closure_reason": Dimension("closure_reason", _("reason for closing"), path="closure_reason"),
            },
            measures={"count": Measure("count", _("cases"), _count())},
        ),
        Source(
            key="screenings",
            label=_("Screenings completed"),
            model="screening.Assessment",
            date="completed_at",
            date_is_datetime=True,
            agency="case__agency_id",
            legacy_province=True,
            dimensions={
                **_case_dims("case__"),
                "kind": Dimension("kind", _("kind"), path="kind", labels="assessment_kind"),
                "outcome": Dimension("outcome", _("outcome"), path="outcome", labels="screening_outcome"),
            },
            measures={"count": Measure("count", _("screenings"), _count())},
            conditions={
                "completed": lambda: Q(status="completed"),
                "trafficking": lambda: Q(kind__in=["trafficking", "forced_labour"]),
                "indicators_found": lambda: Q(outcome__in=["strong_indication", "possible", "indicators_found"]),
            },
        ),
        Source(
            key="referrals",
            label=_("Referrals sent"),
            model="referrals.Referral",
            date="sent_at",
            date_is_datetime=True,
            agency="from_agency_id",
            legacy_province=True,
            dimensions={
                **_case_dims("case__"),
                "to_agency": Dimension("to_agency", _("receiving agency"), path="to_agency_id", labels="agency"),
                "service_type": Dimension("service_type", _("service"), path="service_type"),
                "status": Dimension("status", _("status"), path="status", labels="referral_status"),
                "urgency": Dimension("urgency", _("urgency"), path="urgency"),
            },
            measures={
                "count": Measure("count", _("referrals"), _count()),
                "response_hours": Measure(
                    "response_hours",
                    _("average time to answer (hours)"),
                    _response_time,
                    kind="mean",
                    base=lambda filter=None: Count("pk", filter=_and(Q(answered_at__isnull=False), filter)),
                    convert=hours,
                ),
            },
            conditions={
                "accepted": lambda: Q(status__in=["accepted", "booked", "delivered"]),
                "completed": lambda: Q(status="delivered"),
                "declined": lambda: Q(status="declined"),
                "answered": lambda: Q(answered_at__isnull=False),
            },
        ),
        Source(
            key="stays",
            label=_("Shelter stays"),
            model="shelters.Stay",
            date="admitted_on",
            agency="facility__agency_id",
            legacy_province=True,
            dimensions={**_stay_dims(), "destination_after": LEFT_FOR},
            measures={"count": Measure("count", _("admissions"), _count())},
        ),
        Source(
            key="discharges",
            label=_("Shelter discharges"),
            model="shelters.Stay",
            date="discharged_on",
            agency="facility__agency_id",
            legacy_province=True,
            dimensions={**_stay_dims(), "destination_after": LEFT_FOR},
            measures={
                "count": Measure("count", _("discharges"), _count()),
                "length_of_stay": Measure(
                    "length_of_stay",
                    _("average length of stay (days)"),
                    _stay_days,
                    kind="mean",
                    base=_count(),
                    convert=days,
                ),
            },
        ),
        Source(
            key="occupancy",
            label=_("Shelter occupancy"),
            model="shelters.Stay",
            date="admitted_on",
            end_date="discharged_on",
            agency="facility__agency_id",
            legacy_province=True,
            dimensions=_stay_dims(),
            # bed_days is filled in by the engine: it needs the period's bounds.
            measures={
                "count": Measure("count", _("people staying"), _count()),
                "bed_days": Measure(
                    "bed_days", _("bed-nights used"), _count(), kind="sum", period_aggregate=_bed_days, convert=days
                ),
            },
        ),
        Source(
            key="beds",
            label=_("Shelter beds"),
            model="shelters.Bed",
            date="",  # no date: the beds in use now, times the nights of the period
            agency="room__facility__agency_id",
            dimensions=_dims(
                Dimension("facility", _("facility"), path="room__facility_id"),
            ),
            measures={
                "bed_nights": Measure("bed_nights", _("bed-nights available"), _count(), kind="sum", per_day=True)
            },
            conditions={"in_use": lambda: Q(is_active=True, room__facility__is_active=True)},
        ),
        Source(
            key="followups",
            label=_("Reintegration follow-up visits"),
            model="reintegration.FollowUpVisit",
            date="done_on",
            agency="plan__case__agency_id",
            legacy_province=True,
            dimensions={
                **_case_dims("plan__case__"),
                "month_offset": Dimension("month_offset", _("months after the start"), path="month_offset"),
            },
            measures={
                "count": Measure("count", _("visits"), _count()),
                **{
                    name: Measure(
                        name,
                        label,
                        (lambda filter=None, n=name: Avg(f"{n}_score", filter=filter)),
                        kind="mean",
                        base=(lambda filter=None, n=name: Count(f"{n}_score", filter=filter)),
                    )
                    for name, label in (
                        ("composite", _("average composite score")),
                        ("economic", _("average economic score")),
                        ("social", _("average social score")),
                        ("psychosocial", _("average psychosocial score")),
                    )
                },
            },
        ),
        Source(
            key="outreach",
            label=_("Outreach participants"),
            model="outreach.ParticipantCount",
            date="event__start_date",
            agency="event__agency_id",
            dimensions={
                **_dims(
                    Dimension("sex", _("sex"), path="sex"),
                    Dimension("age_group", _("age group"), path="age_group"),
                    Dimension("event_kind", _("kind of event"), path="event__kind"),
                ),
                **_province_dims("event__province_id", None),
            },
            measures={
                "participants": Measure("participants", _("participants"), _sum("count"), kind="sum"),
                "events": Measure("events", _("events"), _distinct("event_id")),
            },
            conditions={
                "training": lambda: Q(event__kind__in=["training_ngo", "training_frontline"]),
                "frontline_training": lambda: Q(event__kind="training_frontline"),
                "community": lambda: Q(event__kind__in=["community_session", "pre_departure"]),
            },
        ),
        Source(
            key="portal",
            label=_("Portal page views"),
            model="portal.PageView",
            date="day",
            agency="",
            dimensions=_dims(
                Dimension("lang", _("language"), path="lang"),
                Dimension("page", _("page"), path="page"),
            ),
            measures={"views": Measure("views", _("page views"), _sum("count"), kind="sum")},
        ),
    ]
    return {s.key: s for s in sources}


_SOURCES: dict[str, Source] | None = None


def sources() -> dict[str, Source]:
    global _SOURCES
    if _SOURCES is None:
        _SOURCES = _build()
    return _SOURCES


def get_source(key: str) -> Source:
    try:
        return sources()[key]
    except KeyError:
        raise ValueError(f"unknown source {key!r}; known: {', '.join(sorted(sources()))}") from None
