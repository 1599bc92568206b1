"""The baseline of the reports benchmark: plain PostgreSQL, written by hand, for the same figures.

What a programmer who knows the schema would write for "consultations in October 2026 by channel",
with no ORM and no engine: one statement over the table and the joins that the breakdown needs,
``GROUP BY GROUPING SETS ((the breakdown), ())`` so the cells and the total come from one scan,
a percentage's numerator as ``count(*) FILTER (WHERE ...)`` beside its denominator in the same
statement, a code list held in a JSON array unnested with ``jsonb_array_elements_text`` (its total
then needs a statement of its own: a record counts once under each of its codes).

`TABLES` mirrors, per record type, what `safepath.reports.sources` means by a date, an agency, a
dimension, a condition and a measure, but each is spelled out here as SQL by hand rather than
derived from the ORM definitions, so that the comparison checks the engine against an independent
reading. `figures(...)` returns ``{key: (numerator, denominator, base)}`` (the total under ``()``)
in the shape of `compute.Result`, so the bench can compare every cell before it times anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

TZ: Final = "Asia/Ho_Chi_Minh"
MONTH: Final = "month"
Key = tuple[str, ...]
Cells = dict[Key, tuple[float, float | None, int]]


@dataclass(frozen=True)
class Agg:
    """An aggregate. ``sql`` has ``{f}`` where an extra condition goes (``true`` when there is none).

    ``base``: the aggregate counting what a mean rests on ("" for counts and sums: the figure itself).
    """

    sql: str
    base: str = ""


@dataclass(frozen=True)
class Table:
    from_: str  # the record type's table, aliased t
    date: str = ""  # a date or timestamptz expression ("" : no date, e.g. beds)
    datetime: bool = False
    end_date: str = ""  # set for "open during the period" (caseload, occupancy)
    agency: str = ""  # the agency column ("": the record type has none, e.g. page views)
    joins: Mapping[str, str] = field(default_factory=dict)  # alias -> JOIN clause, in dependency order
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # alias -> the aliases it joins through
    dims: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # key -> (expression, joins)
    multi: Mapping[str, str] = field(default_factory=dict)  # key -> a JSON array column
    conditions: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    measures: Mapping[str, Agg] = field(default_factory=dict)


def _known(expr: str) -> str:
    """A code, with empty and missing values as 'unknown' (what the dashboards show as "Not recorded")."""
    return f"COALESCE(NULLIF(({expr})::text, ''), 'unknown')"


COUNT: Final = Agg("count(*) FILTER (WHERE {f})")
VICTIM: Final = "('victim', 'foreign_victim', 'accompanying_minor')"
UNDER_ID: Final = "('under_identification_abroad', 'under_identification_vietnam')"


def _age_band(opened: str, birth_year: str) -> str:
    age = f"(extract(year FROM {opened})::int - {birth_year})"
    return (
        f"CASE WHEN {birth_year} IS NULL OR {age} < 0 THEN 'unknown' WHEN {age} < 18 THEN '0-17' "
        f"WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34' WHEN {age} < 45 THEN '35-44' "
        f"WHEN {age} < 60 THEN '45-59' ELSE '60+' END"
    )


def _case_joins(case: str) -> dict[str, str]:
    """The person of a case (``case``: the alias of cases_case) and their former province."""
    return {
        "p": f"JOIN people_person p ON p.id = {case}.person_id",
        "lp": "LEFT JOIN places_legacyprovince lp ON lp.code = p.origin_legacy_province_id",
    }


def _case_dims(c: str, via: tuple[str, ...] = ()) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The breakdowns of anything about a case: ``c`` is the alias of cases_case, ``via`` the joins to reach it."""
    return {
        "sex": ("p.sex", (*via, "p")),
        "age_band": (_age_band(f"{c}.opened_on", "p.birth_year"), (*via, "p")),
        "destination": (_known(f"{c}.destination_country_id"), via),
        "channel": (f"{c}.channel", via),
        "case_type": (f"{c}.case_type", via),
        "legal_status": (f"{c}.legal_status", via),
        "migration_stage": (f"{c}.migration_stage", via),
        "province": (_known("COALESCE(p.origin_province_id, lp.successor_id)"), (*via, "p", "lp")),
        "legacy_province": (_known("p.origin_legacy_province_id"), (*via, "p")),
    }


SUPPORTED: Final = (
    "(EXISTS (SELECT 1 FROM referrals_referral r WHERE r.case_id = t.id AND r.status = 'delivered') "
    "OR EXISTS (SELECT 1 FROM shelters_stay s WHERE s.case_id = t.id) "
    "OR EXISTS (SELECT 1 FROM reintegration_reintegrationplan rp WHERE rp.case_id = t.id) "
    "OR EXISTS (SELECT 1 FROM plans_careplan cp WHERE cp.case_id = t.id AND cp.status IN ('approved', 'closed')))"
)
SCREENED: Final = (
    "EXISTS (SELECT 1 FROM screening_assessment a WHERE a.case_id = t.id "
    "AND a.kind IN ('trafficking', 'forced_labour') AND a.status = 'completed')"
)
CASE_TABLE: Final[dict[str, Any]] = {
    "from_": "cases_case t",
    "date": "t.opened_on",
    "agency": "t.agency_id",
    "joins": _case_joins("t"),
    "dims": {
        **_case_dims("t"),
        "agency": ("t.agency_id", ()),
        "closure_reason": ("t.closure_reason", ()),
    },
    "multi": {"exploitation": "t.exploitation_types"},
    "conditions": {
        "victim": (f"t.legal_status IN {VICTIM}", ()),
        "under_identification": (f"t.legal_status IN {UNDER_ID}", ()),
        "suspected_trafficking": (
            "(t.case_type IN ('suspected_trafficking', 'identified_victim') "
            "OR t.legal_status IN ('victim', 'foreign_victim', 'accompanying_minor', "
            "'under_identification_abroad', 'under_identification_vietnam'))",
            (),
        ),
        "supported": (SUPPORTED, ()),
        "screened": (SCREENED, ()),
    },
    "measures": {"count": COUNT, "persons": Agg("count(DISTINCT t.person_id) FILTER (WHERE {f})")},
}
STAY_JOINS: Final = {"c": "JOIN cases_case c ON c.id = t.case_id", **_case_joins("c")}
STAY_DIMS: Final = {
    **_case_dims("c", ("c",)),
    "agency": ("f.agency_id", ("f",)),
    "facility": ("t.facility_id", ()),
    "destination_after": (_known("t.destination"), ()),
}

TABLES: Final[dict[str, Table]] = {
    "consultations": Table(
        from_="cases_consultation t",
        date="t.held_on",
        agency="t.agency_id",
        dims={
            "agency": ("t.agency_id", ()),
            "channel": ("t.channel", ()),
            "sex": (_known("t.sex"), ()),
            "age_band": (_known("t.age_band"), ()),
            "destination": (_known("t.destination_country_id"), ()),
            "migration_stage": (_known("t.migration_stage"), ()),
            "outcome": (_known("t.outcome"), ()),
            "province": (_known("t.province_id"), ()),
        },
        multi={"topic": "t.topics"},
        measures={"count": COUNT},
    ),
    "intake": Table(
        from_="cases_intakeitem t",
        date="t.received_at",
        datetime=True,
        agency="t.agency_id",
        dims={
            "agency": ("t.agency_id", ()),
            "channel": ("t.channel", ()),
            "status": ("t.status", ()),
            "urgency": ("t.urgency", ()),
            "destination": (_known("t.destination_country_id"), ()),
            "province": (_known("t.province_id"), ()),
        },
        conditions={"handled": ("t.status IN ('converted', 'closed')", ()), "from_portal": ("t.channel = 'web'", ())},
        measures={"count": COUNT},
    ),
    "cases": Table(**CASE_TABLE),
    "caseload": Table(**{**CASE_TABLE, "end_date": "t.closed_on"}),
    "closures": Table(**{**CASE_TABLE, "date": "t.closed_on"}),
    "screenings": Table(
        from_="screening_assessment t",
        date="t.completed_at",
        datetime=True,
        agency="c.agency_id",
        joins={"c": "JOIN cases_case c ON c.id = t.case_id", **_case_joins("c")},
        dims={
            **_case_dims("c", ("c",)),
            "agency": ("c.agency_id", ("c",)),
            "kind": ("t.kind", ()),
            "outcome": (_known("t.outcome"), ()),
        },
        conditions={
            "completed": ("t.status = 'completed'", ()),
            "trafficking": ("t.kind IN ('trafficking', 'forced_labour')", ()),
            "indicators_found": ("t.outcome IN ('strong_indication', 'possible', 'indicators_found')", ()),
        },
        measures={"count": COUNT},
    ),
    "referrals": Table(
        from_="referrals_referral t",
        date="t.sent_at",
        datetime=True,
        agency="t.from_agency_id",
        joins={"c": "JOIN cases_case c ON c.id = t.case_id", **_case_joins("c")},
        dims={
            **_case_dims("c", ("c",)),
            "agency": ("t.from_agency_id", ()),
            "to_agency": (_known("t.to_agency_id"), ()),
            "service_type": ("t.service_type", ()),
            "status": ("t.status", ()),
            "urgency": ("t.urgency", ()),
        },
        conditions={
            "accepted": ("t.status IN ('accepted', 'booked', 'delivered')", ()),
            "completed": ("t.status = 'delivered'", ()),
            "declined": ("t.status = 'declined'", ()),
            "answered": ("t.answered_at IS NOT NULL", ()),
        },
        measures={
            "count": COUNT,
            "response_hours": Agg(
                "avg(extract(epoch FROM t.answered_at - t.sent_at) / 3600) FILTER (WHERE t.answered_at IS NOT NULL AND {f})",
                base="count(t.answered_at) FILTER (WHERE {f})",
            ),
        },
    ),
    "stays": Table(
        from_="shelters_stay t",
        date="t.admitted_on",
        agency="f.agency_id",
        joins={"f": "JOIN shelters_facility f ON f.id = t.facility_id", **STAY_JOINS},
        dims=STAY_DIMS,
        measures={"count": COUNT},
    ),
    "discharges": Table(
        from_="shelters_stay t",
        date="t.discharged_on",
        agency="f.agency_id",
        joins={"f": "JOIN shelters_facility f ON f.id = t.facility_id", **STAY_JOINS},
        dims=STAY_DIMS,
        measures={
            "count": COUNT,
            "length_of_stay": Agg(
                "avg(t.discharged_on - t.admitted_on) FILTER (WHERE t.discharged_on IS NOT NULL AND {f})",
                base="count(*) FILTER (WHERE {f})",
            ),
        },
    ),
    "occupancy": Table(
        from_="shelters_stay t",
        date="t.admitted_on",
        end_date="t.discharged_on",
        agency="f.agency_id",
        joins={"f": "JOIN shelters_facility f ON f.id = t.facility_id", **STAY_JOINS},
        dims={k: v for k, v in STAY_DIMS.items() if k != "destination_after"},
        measures={
            "count": COUNT,
            # nights inside the period: from max(admission, start) to min(discharge, the day after the end)
            "bed_days": Agg(
                "COALESCE(sum(LEAST(COALESCE(t.discharged_on, %(after)s), %(after)s) "
                "- GREATEST(t.admitted_on, %(start)s)) FILTER (WHERE {f}), 0)"
            ),
        },
    ),
    "beds": Table(
        from_="shelters_bed t",
        agency="f.agency_id",
        joins={
            "rm": "JOIN shelters_room rm ON rm.id = t.room_id",
            "f": "JOIN shelters_facility f ON f.id = rm.facility_id",
        },
        needs={"f": ("rm",)},
        dims={"agency": ("f.agency_id", ("rm", "f")), "facility": ("rm.facility_id", ("rm",))},
        conditions={"in_use": ("t.is_active AND f.is_active", ("rm", "f"))},
        measures={"bed_nights": Agg("count(*) FILTER (WHERE {f}) * %(days)s")},
    ),
    "followups": Table(
        from_="reintegration_followupvisit t",
        date="t.done_on",
        agency="c.agency_id",
        joins={
            "pl": "JOIN reintegration_reintegrationplan pl ON pl.id = t.plan_id",
            "c": "JOIN cases_case c ON c.id = pl.case_id",
            **_case_joins("c"),
        },
        needs={"c": ("pl",)},
        dims={
            **_case_dims("c", ("pl", "c")),
            "agency": ("c.agency_id", ("pl", "c")),
            "month_offset": ("t.month_offset", ()),
        },
        measures={
            "count": COUNT,
            **{
                name: Agg(
                    f"avg(t.{name}_score) FILTER (WHERE {{f}})",
                    base=f"count(t.{name}_score) FILTER (WHERE {{f}})",
                )
                for name in ("composite", "economic", "social", "psychosocial")
            },
        },
    ),
    "outreach": Table(
        from_="outreach_participantcount t",
        date="e.start_date",
        agency="e.agency_id",
        joins={"e": "JOIN outreach_event e ON e.id = t.event_id"},
        dims={
            "agency": ("e.agency_id", ("e",)),
            "sex": ("t.sex", ()),
            "age_group": ("t.age_group", ()),
            "event_kind": ("e.kind", ("e",)),
            "province": ("e.province_id", ("e",)),
        },
        conditions={
            "training": ("e.kind IN ('training_ngo', 'training_frontline')", ("e",)),
            "frontline_training": ("e.kind = 'training_frontline'", ("e",)),
            "community": ("e.kind IN ('community_session', 'pre_departure')", ("e",)),
        },
        measures={
            "participants": Agg("COALESCE(sum(t.count) FILTER (WHERE {f}), 0)"),
            "events": Agg("count(DISTINCT t.event_id) FILTER (WHERE {f})"),
        },
    ),
    "portal": Table(
        from_="portal_pageview t",
        date="t.day",
        dims={"lang": ("t.lang", ()), "page": ("t.page", ())},
        measures={"views": Agg("COALESCE(sum(t.count) FILTER (WHERE {f}), 0)")},
    ),
}
# Joins that go through another: the person of a case goes through the case.
for _table in TABLES.values():
    if "c" in _table.joins and "p" in _table.joins:
        object.__setattr__(_table, "needs", {**_table.needs, "p": ("c",), "lp": ("c", "p")})
    elif "p" in _table.joins:
        object.__setattr__(_table, "needs", {**_table.needs, "lp": ("p",)})


# --- statements --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    sql: str
    params: dict[str, Any]
    dims: int  # the leading columns that are the breakdown
    grouping: bool  # whether a GROUPING() column tells the total row apart
    parts: tuple[str, ...]  # what the aggregate columns are: "num", "num_base", "den", "den_base"


def _period_params(start: dt.date, end: dt.date, days: int) -> dict[str, Any]:
    tz = ZoneInfo(TZ)
    return {
        "start": start,
        "end": end,
        "after": end + dt.timedelta(days=1),
        "days": days,
        "start_ts": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        "end_ts": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    }


def _where_period(table: Table) -> str:
    if not table.date:
        return "true"
    if table.end_date:
        return f"{table.date} <= %(end)s AND ({table.end_date} IS NULL OR {table.end_date} >= %(start)s)"
    if table.datetime:
        return f"{table.date} >= %(start_ts)s AND {table.date} < %(end_ts)s"
    return f"{table.date} BETWEEN %(start)s AND %(end)s"


def _month(table: Table) -> str:
    if table.datetime:
        return f"to_char({table.date} AT TIME ZONE '{TZ}', 'YYYY-MM')"
    return f"to_char({table.date}, 'YYYY-MM')"


def _joins(table: Table, wanted: set[str]) -> str:
    closed: set[str] = set()
    todo = list(wanted)
    while todo:
        alias = todo.pop()
        if alias not in closed:
            closed.add(alias)
            todo += table.needs.get(alias, ())
    return " ".join(clause for alias, clause in table.joins.items() if alias in closed)


def _alias(expr: str) -> set[str]:
    """The join a column expression such as ``e.start_date`` needs (none for the table itself, t)."""
    alias = expr.split(".")[0] if "." in expr else "t"
    return set() if alias == "t" else {alias}


def statements(
    source: str,
    parts: Sequence[tuple[str, str, Sequence[str]]],
    *,
    where: Sequence[str],
    start: dt.date,
    end: dt.date,
    agencies: Sequence[str] | None,
    by: Sequence[str],
) -> list[Statement]:
    """The statements for aggregates over one record type.

    ``parts``: (name, measure, extra conditions) per aggregate column, e.g. the numerator of a
    percentage as ("num", "count", ["indicators_found"]) beside ("den", "count", []); ``where``: the
    conditions every row meets. Breakdowns by a plain dimension: one statement with GROUPING SETS;
    by a JSON code list: its cells, and the total in a second statement.
    """
    table = TABLES[source]
    params = _period_params(start, end, (end - start).days + 1)
    joins = _alias(table.date) | (_alias(table.agency) if agencies is not None and table.agency else set())
    filters = [_where_period(table)]
    if agencies is not None and table.agency:
        filters.append(f"{table.agency} = ANY(%(agencies)s::uuid[])")
        params["agencies"] = list(agencies)
    for name in where:
        sql, needed = table.conditions[name]
        filters.append(sql)
        joins |= set(needed)
    columns: list[str] = []
    names: list[str] = []
    for name, measure, extra in parts:
        agg = table.measures[measure]
        cond = " AND ".join(table.conditions[c][0] for c in extra) or "true"
        for c in extra:
            joins |= set(table.conditions[c][1])
        columns.append(agg.sql.replace("{f}", cond))
        names.append(name)
        base = agg.base or ""
        if base:
            columns.append(base.replace("{f}", cond))
            names.append(f"{name}_base")
    dims: list[str] = []
    multi = ""
    for dim in by:
        if dim == MONTH:
            dims.append(_month(table))
        elif dim in table.multi:
            multi = dim
            dims.append("mv.code")
        else:
            expr, needed = table.dims[dim]
            dims.append(_known(expr))
            joins |= set(needed)
    body = f"FROM {table.from_} {_joins(table, joins)}"
    where_sql = " AND ".join(filters)
    out: list[Statement] = []
    if not dims:
        out.append(Statement(f"SELECT {', '.join(columns)} {body} WHERE {where_sql}", params, 0, False, tuple(names)))
        return out
    select = ", ".join([*(f"{d} AS d{i}" for i, d in enumerate(dims)), *columns])
    group = ", ".join(dims)
    if multi:
        lateral = f"CROSS JOIN LATERAL jsonb_array_elements_text({table.multi[multi]}) AS mv(code)"
        out.append(
            Statement(
                f"SELECT {select} {body} {lateral} WHERE {where_sql} GROUP BY {group}",
                params,
                len(dims),
                False,
                tuple(names),
            )
        )
        out.append(Statement(f"SELECT {', '.join(columns)} {body} WHERE {where_sql}", params, 0, False, tuple(names)))
        return out
    out.append(
        Statement(
            f"SELECT {', '.join(f'{d} AS d{i}' for i, d in enumerate(dims))}, GROUPING({group}) AS total, "
            f"{', '.join(columns)} {body} WHERE {where_sql} "
            f"GROUP BY GROUPING SETS (({group}), ())",
            params,
            len(dims),
            True,
            tuple(names),
        )
    )
    return out


def plan(
    indicator: Any, *, start: dt.date, end: dt.date, agencies: Sequence[str] | None, by: Sequence[str]
) -> list[Statement]:
    """The statements behind one figure of ``indicator`` (an `indicators.Indicator`)."""
    num, den = indicator.numerator, indicator.denominator
    for spec in (num, den):
        if spec is not None and spec.where.codes:
            raise NotImplementedError("code filters in an indicator's `where` are not written by hand here")
    common: dict[str, Any] = {"start": start, "end": end, "agencies": agencies, "by": by}
    if den is None:
        return statements(num.source, [("num", num.measure, [])], where=num.where.conditions, **common)
    if den.source == num.source and set(den.where.conditions) <= set(num.where.conditions):
        extra = [c for c in num.where.conditions if c not in den.where.conditions]
        return statements(
            num.source,
            [("num", num.measure, extra), ("den", den.measure, [])],
            where=den.where.conditions,
            **common,
        )
    return [
        *statements(num.source, [("num", num.measure, [])], where=num.where.conditions, **common),
        *statements(den.source, [("den", den.measure, [])], where=den.where.conditions, **common),
    ]


def run(cursor: Any, todo: Sequence[Statement]) -> list[tuple[Statement, list[tuple[Any, ...]]]]:
    out = []
    for st in todo:
        cursor.execute(st.sql, st.params)
        out.append((st, cursor.fetchall()))
    return out


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    return float(value)


def cells(indicator: Any, results: Sequence[tuple[Statement, list[tuple[Any, ...]]]]) -> Cells:
    """``{key: (numerator, denominator, base)}`` as `compute` would give them (the total under ``()``)."""
    parts: dict[Key, dict[str, float]] = {}
    for st, rows in results:
        for row in rows:
            if st.grouping and row[st.dims]:  # the GROUPING() column: 1 on the total row
                key: Key = ()
                values = row[st.dims + 1 :]
            else:
                key = tuple(str(v) for v in row[: st.dims])
                values = row[st.dims + (1 if st.grouping else 0) :]
            slot = parts.setdefault(key, {})
            for name, value in zip(st.parts, values, strict=True):
                slot[name] = slot.get(name, 0.0) + _number(value)
    percent = indicator.unit == "percent"
    out: Cells = {}
    for key, p in parts.items():
        num = p.get("num", 0.0)
        num_base = int(p["num_base"]) if "num_base" in p else round(num)
        den = p.get("den", 0.0)
        den_base = int(p["den_base"]) if "den_base" in p else round(den)
        if key and not (num or num_base or den or den_base):
            continue  # the engine leaves out cells with nothing in them
        if percent:
            out[key] = (num, den, den_base)
        else:
            out[key] = (num, None, num_base)
    out.setdefault((), (0.0, 0.0 if percent else None, 0))
    return out
