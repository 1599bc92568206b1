"""Reports at one million cases (issue 7, point 6): `make bench`, or

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m benchmarks.reports \
        [--cases N] [--repeat R] [--regenerate] [--generate-only] [--only CODE,...] \
        [--sections indicators,panels,report] [--jit off]

1. Needs PostgreSQL: ``DATABASE_URL`` must point at a PostgreSQL server (any database on it); the bench
   works in its own database ``safepath_bench`` on that server. It creates it when missing, migrates
   it, generates N cases with everything around them (benchmarks/reports_data.py: INSERT ... SELECT
   over generate_series, about five minutes for a million on two cores), VACUUMs it, and reuses it on
   the next run when it already holds N cases from the same generator (it says so). Without
   PostgreSQL it says why and skips (exit status 0), so `make bench` runs anywhere.
2. ``indicators``: every indicator through ``selectors.figure_for_release`` (compute + publish with
   small-cell suppression), beside plain SQL written by hand that computes the same numbers
   (benchmarks/reports_sql.py). The numbers are compared cell by cell before anything is timed: a
   mismatch stops the bench. Per indicator: the total, by month over a year, and by its first two
   disaggregations; for October 2026 and for 2025; nationally and for one agency (HN-MRC, the largest).
3. ``panels``: each panel of both dashboards (`safepath.reports.dashboards`: the programme dashboard
   as an analyst sees it, the centre dashboard as a supervisor of HN-MRC sees it) for October 2026,
   the figure cache emptied before each run, beside the hand-written SQL of the figures the panel
   computed (recorded while it ran, and checked equal); the time with the cache warm too.
4. ``report``: the monthly report, every MRC and CT indicator with each of its one-way breakdowns for
   October 2026 (compute + publish), beside the plain SQL of the same figures; and
   `reports.services.report_generate` (figures, Excel and PDF) beside the SQL of the figures it computed.

Each time is the median of R warm runs (BENCH_REPORTS_REPEAT, default 3) after one untimed run.
Environment: BENCH_CASES (default 1,000,000), BENCH_REPORTS_REPEAT, BENCH_DB_NAME (default safepath_bench),
BENCH_JIT (server|off: `--jit off` runs the timings with PostgreSQL's JIT compilation off for the session).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = os.environ.get("BENCH_DB_NAME", "safepath_bench")


# --- the database ------------------------------------------------------------------------------------


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _meta(url: str) -> dict[str, str]:
    """What the generator left in the bench database (empty when it is not there or unfinished)."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            rows = conn.execute("SELECT key, value FROM bench_meta").fetchall()
    except psycopg.Error:
        return {}
    return dict(rows)


def prepare_database(server_url: str, *, cases: int, regenerate: bool) -> tuple[str, bool]:
    """The bench database's URL, and whether it already holds ``cases`` cases (else it is new and empty)."""
    import psycopg

    from benchmarks.reports_data import VERSION

    bench_url = _with_db(server_url, BENCH_DB)
    if urlsplit(server_url).path.strip("/") == BENCH_DB:  # the bench database cannot drop itself
        server_url = _with_db(server_url, "postgres")
    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone() is not None
        meta = _meta(bench_url) if exists else {}
        reuse = meta.get("version") == VERSION and meta.get("cases") == str(cases) and not regenerate
        if reuse:
            print(
                f"Reusing database {BENCH_DB}: {int(meta['cases']):,} cases generated on {meta.get('generated_at', '?')} "
                f"in {float(meta.get('seconds', 0)):.0f} s (--regenerate makes it again)."
            )
            return bench_url, True
        if exists:
            if regenerate:
                why = "--regenerate"
            elif meta.get("version") not in (None, VERSION):
                why = f"made by an older generator, version {meta['version']}"
            else:
                why = f"it holds {meta.get('cases', 'no finished set of')} cases"
            print(f"Dropping database {BENCH_DB} ({why}; {cases:,} wanted).")
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return bench_url, False


def _write_meta(cases: int, seconds: float, counts: dict[str, int]) -> None:
    from django.db import connection

    from benchmarks.reports_data import VERSION

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        rows = {
            "version": VERSION,
            "cases": str(cases),
            "seconds": f"{seconds:.1f}",
            "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            **{f"rows:{k}": str(v) for k, v in counts.items()},
        }
        for key, value in rows.items():
            cur.execute(
                "INSERT INTO bench_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = %s",
                [key, value, value],
            )


def _progress(step: str, rows: int, seconds: float) -> None:
    count = f"{rows:>12,} rows" if rows else " " * 17
    print(f"  {step:<52} {count}  {seconds:7.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reports", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "1000000")))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPORTS_REPEAT", "3")))
    parser.add_argument("--regenerate", action="store_true", help="make the data set again even if it is there")
    parser.add_argument("--only", default="", help="indicator codes to time, comma-separated (default: all)")
    parser.add_argument(
        "--sections",
        default="indicators,panels,report",
        help="what to time, comma-separated: indicators, panels, report (default: all three)",
    )
    parser.add_argument("--generate-only", action="store_true", help="prepare the data set and stop")
    parser.add_argument(
        "--jit",
        choices=["server", "off"],
        default=os.environ.get("BENCH_JIT", "server"),
        help="PostgreSQL's JIT compilation: as the server is set up (default), or off for this session",
    )
    args = parser.parse_args(argv)

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        print(
            "Reports benchmark skipped: it needs PostgreSQL. Set DATABASE_URL to a PostgreSQL server, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench (it creates and uses the "
            f"database {BENCH_DB} there)."
        )
        return 0
    try:
        bench_url, reuse = prepare_database(server_url, cases=args.cases, regenerate=args.regenerate)
    except Exception as exc:  # any connection problem: say it and skip
        print(f"Reports benchmark skipped: cannot use the PostgreSQL server in DATABASE_URL ({exc}).")
        return 0

    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "safepath.config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if "SAFEPATH_VAR_DIR" in os.environ:
        return _bench(args, reuse)
    (ROOT / "var").mkdir(exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="bench-reports-", dir=ROOT / "var")  # the key files of this run only
    os.environ["SAFEPATH_VAR_DIR"] = tmp
    try:
        return _bench(args, reuse)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(args: argparse.Namespace, reuse: bool) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.reports_data import generate

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not reuse:
        print(f"Generating {args.cases:,} cases in {BENCH_DB} (migrated in {time.perf_counter() - t0:.0f} s):")
        t0 = time.perf_counter()
        counts = generate(n=args.cases, progress=_progress)
        t1 = time.perf_counter()
        with connection.cursor() as cur:  # outside the load's transaction: sets the visibility map, as autovacuum would
            cur.execute("VACUUM")
        _progress("VACUUM", 0, time.perf_counter() - t1)
        seconds = time.perf_counter() - t0
        _write_meta(args.cases, seconds, counts)
        print(f"  generated in {seconds:.0f} s")
    if args.generate_only:
        return 0
    from benchmarks.reports_timing import run

    if args.jit == "off":
        with connection.cursor() as cur:
            cur.execute("SET jit = off")
    run(
        repeat=args.repeat,
        only=[c for c in args.only.split(",") if c],
        sections={s.strip() for s in args.sections.split(",") if s.strip()},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
