"""The timings of the reports benchmark (see benchmarks/reports.py): the engine beside plain SQL.

Every figure is computed both ways and compared cell by cell (numerator, denominator and the count
it rests on, the total included) before it is timed; a difference stops the bench with the cells
that differ. The engine's time is that of `selectors.figure_for_release` (compute, then publish
with small-cell suppression) or of the dashboard's own `panel(...)` with the figure cache emptied
first; the SQL's time is that of the hand-written statements (benchmarks/reports_sql.py) and of
fetching their rows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final
from unittest import mock

from django.core.cache import cache
from django.db import connection

from benchmarks import reports_sql as hand
from safepath.reports import indicators as ind
from safepath.reports import selectors
from safepath.reports.compute import MONTH, Filters, Result, compute
from safepath.reports.periods import Period

MONTH_PERIOD: Final = Period.month(2026, 10)
YEAR_PERIOD: Final = Period.year(2025)
SLOW_MS: Final = 1000.0
TOLERANCE: Final = 1e-6


def median_ms(fn: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None) -> float:
    """The median of ``repeat`` runs in milliseconds, after one run that is not counted (warm-up).

    ``before`` runs ahead of each run, outside the time (e.g. emptying the figure cache).
    """
    if before:
        before()
    fn()
    samples = []
    for _ in range(repeat):
        if before:
            before()
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


# --- one figure, both ways -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One figure: an indicator, broken down ``by``, for ``period``, within ``filters``."""

    code: str
    period: Period
    filters: Filters
    by: tuple[str, ...] = ()
    seconds: float = field(default=0.0, compare=False)  # how long the engine took, when recorded

    @property
    def indicator(self) -> Any:
        return ind.get(self.code)

    def statements(self) -> list[hand.Statement]:
        if self.filters.province or self.filters.legacy_province:
            raise NotImplementedError("the hand-written SQL covers the agency filter only")
        agencies = sorted(self.filters.agencies) if self.filters.agencies is not None else None
        return hand.plan(self.indicator, start=self.period.start, end=self.period.end, agencies=agencies, by=self.by)

    def orm(self) -> Any:
        return selectors.figure_for_release(self.code, period=self.period, filters=self.filters, by=self.by)

    def sql(self, todo: Sequence[hand.Statement] | None = None) -> hand.Cells:
        with connection.cursor() as cur:
            return hand.cells(self.indicator, hand.run(cur, todo if todo is not None else self.statements()))


def result_cells(result: Result) -> hand.Cells:
    out: hand.Cells = {k: (c.numerator, c.denominator, c.base) for k, c in result.cells.items()}
    out[()] = (result.total.numerator, result.total.denominator, result.total.base)
    return out


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a or 0.0) == (b or 0.0)
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


class Mismatch(AssertionError):
    pass


def check(ask: Ask, result: Result, sql: hand.Cells) -> None:
    """Raise Mismatch when the engine's cells and the SQL's differ."""
    ours = result_cells(result)
    bad = []
    for key in sorted(set(ours) | set(sql)):
        a, b = ours.get(key), sql.get(key)
        if a is None or b is None or not all(_close(x, y) for x, y in zip(a, b, strict=True)):
            bad.append(f"    {key or '(total)'}: engine {a}, SQL {b}")
    if bad:
        scope = "national" if ask.filters.agencies is None else "one agency"
        raise Mismatch(
            f"{ask.code} by {ask.by or 'nothing'} for {ask.period.code} ({scope}): {len(bad)} cells differ\n"
            + "\n".join(bad[:20])
        )


@contextmanager
def recording() -> Iterator[list[tuple[Ask, Result]]]:
    """Every figure computed through the selectors while inside, with its raw result."""
    calls: list[tuple[Ask, Result]] = []

    def spy(indicator: Any, *, period: Period, filters: Filters | None = None, by: Sequence[str] = ()) -> Result:
        filters = filters or Filters()
        t0 = time.perf_counter()
        result = compute(indicator, period=period, filters=filters, by=by)
        ask = Ask(indicator.code, period, filters, tuple(by), seconds=time.perf_counter() - t0)
        calls.append((ask, result))
        return result

    with mock.patch.object(selectors, "compute", spy):  # the selectors' own name for the engine
        yield calls


def sql_ms(asks: Sequence[Ask], repeat: int) -> float:
    """The time of the plain SQL of all ``asks``, one after the other."""
    todo = [(ask, ask.statements()) for ask in asks]

    def run() -> None:
        for ask, statements in todo:
            ask.sql(statements)

    return median_ms(run, repeat)


def verify(calls: Sequence[tuple[Ask, Result]]) -> None:
    for ask, result in calls:
        check(ask, result, ask.sql())


# --- the table of indicators ---------------------------------------------------------------------------


@dataclass
class Row:
    code: str
    label: str
    cells: dict[str, tuple[float, float] | None] = field(default_factory=dict)  # column -> (engine, SQL) ms


def _monthly(indicator: Any) -> bool:
    """Whether every source of the indicator can be broken down by month (a dated event, not a span)."""
    from safepath.reports.sources import get_source

    specs = [indicator.numerator, indicator.denominator]
    return all(s is None or (get_source(s.source).date and not get_source(s.source).end_date) for s in specs)


def _cell_text(cell: tuple[float, float] | None) -> str:
    if cell is None:
        return f"{'-':>24}"
    orm, sql = cell
    return f"{orm:8.1f} /{sql:7.1f} x{orm / sql if sql else float('inf'):5.1f}"


def indicator_table(agency: Any, repeat: int, only: Sequence[str]) -> list[tuple[str, str, str, float]]:
    """Time every indicator's questions; print the table; return (code, breakdown, column, engine ms)."""
    scopes = {"national": Filters(), agency.code: Filters(agencies=frozenset({str(agency.pk)}))}
    periods = {"month": MONTH_PERIOD, "year": YEAR_PERIOD}
    columns = [(s, p) for s in scopes for p in periods]
    heads = [f"{s}, {MONTH_PERIOD.code if p == 'month' else YEAR_PERIOD.code}" for s, p in columns]
    print()
    print("Each indicator through selectors.figure_for_release (compute + publish) beside hand-written SQL:")
    print("engine ms / SQL ms  x engine/SQL, median of warm runs; every cell checked equal first.")
    print(f"{'indicator':<10} {'breakdown':<16}" + "".join(f" | {h:^24}" for h in heads))
    timings: list[tuple[str, str, str, float]] = []
    for indicator in ind.load().indicators:
        if only and indicator.code not in only:
            continue
        breakdowns: list[tuple[str, tuple[str, ...]]] = [("total", ())]
        if _monthly(indicator):
            breakdowns.append(("by month", (MONTH,)))
        breakdowns += [(f"by {d}", (d,)) for d in indicator.disaggregations[:2]]
        for label, by in breakdowns:
            row = Row(indicator.code, label)
            for (scope, pkind), head in zip(columns, heads, strict=True):
                if by == (MONTH,) and pkind == "month":
                    row.cells[head] = None
                    continue
                ask = Ask(indicator.code, periods[pkind], scopes[scope], by)
                published = ask.orm()
                check(ask, published.result, ask.sql())
                todo = ask.statements()
                cell = (median_ms(ask.orm, repeat), median_ms(lambda a=ask, t=todo: a.sql(t), repeat))  # type: ignore[misc]
                row.cells[head] = cell
                timings.append((indicator.code, label, head, cell[0]))
            print(
                f"{row.code:<10} {row.label:<16}" + "".join(f" | {_cell_text(row.cells[h])}" for h in heads), flush=True
            )
    return timings


# --- dashboards, the monthly report ----------------------------------------------------------------------


def _bench_user(username: str, role: str, agency: Any) -> Any:
    from safepath.accounts.models import User, UserRole

    user, _ = User.objects.get_or_create(username=username, defaults={"agency": agency, "last_name": username})
    UserRole.objects.get_or_create(user=user, role=role)
    return User.objects.get(pk=user.pk)  # fresh: roles and permissions are cached on the instance


def dashboard_panels(agency: Any, repeat: int, period: Period = MONTH_PERIOD) -> list[tuple[str, float, float]]:
    """Each panel of both dashboards for ``period``, cache emptied before each run; beside its SQL.

    For a year, the engine also computes each figure month by month, to hide what the months hide
    (`compute.with_months`); the SQL is that of every figure the engine computed.
    """
    try:
        from safepath.reports import dashboards
    except ImportError:
        print("\n(safepath.reports.dashboards is not there: dashboard panels not timed)")
        return []
    from safepath.accounts.models import Agency

    analyst = _bench_user("bench-analyst", "analyst", Agency.objects.get(code="IOM-VN"))
    supervisor = _bench_user("bench-supervisor", "supervisor", agency)
    query = dashboards.Query(period=period)
    out: list[tuple[str, float, float]] = []
    print()
    print(f"Dashboard panels for {period.code} (dashboards.panel, figure cache emptied before each run),")
    print("beside the hand-written SQL of the figures the panel computes:")
    print(
        f"{'dashboard':<10} {'panel':<14} {'figures':>7} | {'engine ms':>10} {'cached ms':>10} | {'SQL ms':>8} | x engine/SQL"
    )
    for name, user in (("programme", analyst), ("centre", supervisor)):
        for panel in dashboards.panels_for(user):
            cache.clear()
            with recording() as calls:
                dashboards.panel(user, panel.code, query)
            verify(calls)
            engine = median_ms(lambda u=user, c=panel.code: dashboards.panel(u, c, query), repeat, cache.clear)  # type: ignore[misc]
            cached = median_ms(lambda u=user, c=panel.code: dashboards.panel(u, c, query), repeat)  # type: ignore[misc]
            base = sql_ms([a for a, _ in calls], repeat)
            ratio = engine / base if base else float("inf")
            print(
                f"{name:<10} {panel.code:<14} {len(calls):>7} | {engine:10.1f} {cached:10.1f} | {base:8.1f} | x{ratio:.1f}",
                flush=True,
            )
            out.append((f"{name}/{panel.code}", engine, base))
    return out


def monthly_report(repeat: int) -> None:
    """Every MRC and CT indicator, its total and each one-way breakdown, for one month, nationally."""
    codes = [i for i in ind.load().indicators if set(i.programmes) & {"MRC", "QD193_2021_2025", "QD33_2026_2030"}]
    asks = [Ask(i.code, MONTH_PERIOD, Filters(), by) for i in codes for by in [(), *((d,) for d in i.disaggregations)]]
    for ask in asks:
        check(ask, ask.orm().result, ask.sql())

    def engine() -> None:
        for ask in asks:
            ask.orm()

    ours = median_ms(engine, repeat)
    base = sql_ms(asks, repeat)
    print()
    print(
        f"Monthly report, {MONTH_PERIOD.code}: {len(codes)} indicators, {len(asks)} figures (totals and one-way breakdowns)"
    )
    print(f"  compute + publish {ours / 1000:8.2f} s | plain SQL {base / 1000:8.2f} s | x{ours / base:.1f}")
    try:
        from safepath.reports.services import report_create, report_generate
    except ImportError:
        print("  (reports.services.report_generate is not there: not timed)")
        return
    from safepath.core.context import RequestContext, reset_context, set_context

    token = set_context(RequestContext(channel="cli"))
    try:
        report = report_create(actor=None, period=MONTH_PERIOD.code, formats=["xlsx", "pdf"], language="en")
        with recording() as calls:
            t0 = time.perf_counter()
            report = report_generate(report)
            first = time.perf_counter() - t0
        computing = sum(a.seconds for a, _ in calls)
        if report.status != "done":
            print(f"  report_generate ended {report.status}: {report.error}")
            return
        verify(calls)
        runs = [first]
        for _ in range(max(1, repeat - 1)):
            t0 = time.perf_counter()
            report_generate(report)
            runs.append(time.perf_counter() - t0)
        total = statistics.median(runs) * 1000
        figures_sql = sql_ms([a for a, _ in calls], 1)
        print(
            f"  report_generate (figures, Excel and PDF) {total / 1000:8.2f} s for {len(calls)} figures | "
            f"plain SQL of those figures {figures_sql / 1000:8.2f} s | x{total / figures_sql:.1f}\n"
            f"  (first run {first:.2f} s, of which computing the figures {computing:.2f} s, "
            f"publishing and writing the files {first - computing:.2f} s)"
        )
    finally:
        reset_context(token)


def run(
    *, repeat: int, only: Sequence[str] = (), sections: Set[str] = frozenset({"indicators", "panels", "report"})
) -> None:
    from safepath.accounts.models import Agency
    from safepath.cases.models import Case

    agency = Agency.objects.get(code="HN-MRC")
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        jit = cur.fetchone()[0]
    print(
        f"\nReports at {Case.objects.count():,} cases on PostgreSQL {connection.pg_version // 10000} "  # type: ignore[attr-defined]
        f"(database {connection.settings_dict['NAME']}, jit {jit}); median of {repeat} warm runs."
    )
    timings = indicator_table(agency, repeat, only) if "indicators" in sections else []
    months = [t for t in timings if t[2].endswith(MONTH_PERIOD.code)]
    if months:
        slow = max(months, key=lambda t: t[3])
        print(f"\nSlowest figure for a month: {slow[0]} {slow[1]} ({slow[2]}): {slow[3]:.0f} ms")
        over = [t for t in months if t[3] > SLOW_MS]
        print(f"Figures for a month over {SLOW_MS:.0f} ms: {len(over)}" + "".join(f"\n  {t}" for t in over))
    if "panels" in sections:
        for period, kind in ((MONTH_PERIOD, "a month"), (YEAR_PERIOD, "a year")):
            panels = dashboard_panels(agency, repeat, period)
            if panels:
                slowest = max(panels, key=lambda p: p[1])
                print(f"\nSlowest dashboard panel for {kind}: {slowest[0]}, {slowest[1]:.0f} ms (cache empty)")
                slow_panels = [p for p in panels if p[1] > SLOW_MS]
                print(
                    f"Panels over {SLOW_MS:.0f} ms: {len(slow_panels)}"
                    + "".join(f"\n  {p[0]}: {p[1]:.0f} ms" for p in slow_panels)
                )
    if "report" in sections:
        monthly_report(repeat)
