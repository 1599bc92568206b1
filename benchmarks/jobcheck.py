"""The job-offer check on a corpus of scam and legitimate job messages: hit rate, false alarms, time.

`.venv/bin/python -m benchmarks.jobcheck` (meant to run in `make bench` too).

* Corpus: benchmarks/jobcheck_corpus.yaml (written for SafePath, labelled scam true/false with the
  reason). Every fifth message is held out: its figures are printed apart, and the rules were not
  adjusted on it. JOBCHECK_CORPUS=path runs another corpus of the same shape (e.g. the reviewers'
  own set of real messages).
* Detection rate: scams flagged at caution or above. False alarms: legitimate messages flagged at
  high risk, and at caution or above.
* Time per check (median, p95) against a baseline measured in the same run: one pre-compiled
  regular expression of well-known scam phrases searched over the same texts. The baseline's own
  detection and false-alarm rates are printed too, for comparison.
* The check runs in full, with the licence and reported-contact look-ups, on a throw-away SQLite
  database under var/ (or DATABASE_URL when set); JOBCHECK_DB=0 skips the database and the
  look-ups. Without JOBCHECK_CORPUS both corpora run in turn: jobcheck_corpus.yaml, then
  jobcheck_corpus_independent.yaml (written by someone who never saw the rules). The licence list
  named after the corpus (jobcheck_licences.csv, jobcheck_licences_independent.csv: the invented
  enterprises of the corpus's legitimate adverts) is put in force first; JOBCHECK_LICENCES=other.csv puts another in
  force (e.g. DOLAB's real list with a real corpus), JOBCHECK_LICENCES= none (status unknown). JOBCHECK_SHOW=1 lists the misses and false alarms of the tuning part (not held-out).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The corpora `make bench` runs, each with the licence list of the invented enterprises of its
# legitimate adverts (in the shape DOLAB publishes its list): jobcheck_corpus.yaml with
# jobcheck_licences.csv, jobcheck_corpus_independent.yaml with jobcheck_licences_independent.csv.
CORPORA = [ROOT / "benchmarks" / "jobcheck_corpus.yaml", ROOT / "benchmarks" / "jobcheck_corpus_independent.yaml"]
CORPUS = Path(os.environ.get("JOBCHECK_CORPUS", CORPORA[0]))


def licences_for(corpus: Path) -> str:
    """The licence list put in force for a corpus ("" for none): JOBCHECK_LICENCES when set, else
    the file named after the corpus (jobcheck_corpus_X.yaml -> jobcheck_licences_X.csv) if it exists."""
    if "JOBCHECK_LICENCES" in os.environ:
        return os.environ["JOBCHECK_LICENCES"]
    stem = corpus.stem.replace("jobcheck_corpus", "jobcheck_licences", 1)
    path = corpus.with_name(f"{stem}.csv")
    return str(path) if path.exists() else ""


REPEAT = int(os.environ.get("JOBCHECK_REPEAT", "5"))
HELD_OUT_EVERY = 5

# What a careful person might grep for: the best-known scam phrases, with and without diacritics.
BASELINE = re.compile(
    r"việc nhẹ lương cao|viec nhe luong cao|campuchia|cambodia|đặt cọc|dat coc|visa du lịch|visa du lich|"
    r"giữ hộ chiếu|giu ho chieu|bao vé máy bay|bao ve may bay|telegram",
    re.IGNORECASE,
)


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages = data["messages"] if isinstance(data, dict) else data
    for i, m in enumerate(messages):
        m["held_out"] = i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
        m["scam"] = bool(m["scam"])
    return messages


def _rates(rows: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    scams = [level for m, level in rows if m["scam"]]
    legit = [level for m, level in rows if not m["scam"]]
    return {
        "scams": len(scams),
        "legit": len(legit),
        "detected": sum(1 for lv in scams if lv in ("caution", "high")),
        "detected_high": sum(1 for lv in scams if lv == "high"),
        "fa_high": sum(1 for lv in legit if lv == "high"),
        "fa_caution": sum(1 for lv in legit if lv in ("caution", "high")),
    }


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "  n/a"


def _print_rates(name: str, r: dict[str, Any]) -> None:
    print(
        f"  {name:<22} detection {_pct(r['detected'], r['scams'])}  [high risk {_pct(r['detected_high'], r['scams'])}]"
        f" | false alarms: high risk {_pct(r['fa_high'], r['legit'])}, caution or above "
        f"{_pct(r['fa_caution'], r['legit'])}"
    )


def _timed(fn: Callable[[str], object], texts: list[str], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for text in texts:
            t0 = time.perf_counter()
            fn(text)
            samples.append(time.perf_counter() - t0)
    samples.sort()
    return statistics.median(samples) * 1000, samples[max(0, int(len(samples) * 0.95) - 1)] * 1000


def run(*, with_db: bool, corpus: Path = CORPUS) -> dict[str, Any]:
    """Run the benchmark; Django must be set up (and the database migrated when with_db)."""
    from safepath.jobcheck.offers import check_offer

    messages = load_corpus(corpus)
    texts = [m["text"] for m in messages]

    def ours(text: str) -> Any:
        return check_offer(text, lookup_contacts=with_db, lookup_licences=with_db)

    def rules_only(text: str) -> Any:
        return check_offer(text, lookup_contacts=False, lookup_licences=False)

    reports = [ours(t) for t in texts]
    checked = sum(r.licence_checked for r in reports)
    rows = [(m, r.level) for m, r in zip(messages, reports, strict=True)]
    base_rows = [(m, "high" if BASELINE.search(m["text"]) else "none") for m in messages]

    print(
        f"Job-offer check on {len(messages)} messages ({sum(m['scam'] for m in messages)} scam, "
        f"{sum(not m['scam'] for m in messages)} legitimate; every {HELD_OUT_EVERY}th held out) - {corpus.name}"
        f"{'' if with_db else ' - database look-ups skipped'}"
    )
    print(
        "  licence list: "
        + (f"in force, {checked} messages checked against it" if checked else "none in force (company status unknown)")
        + ("; reported contacts looked up" if with_db else "")
    )
    results = {
        "all": _rates(rows),
        "tuning": _rates([row for row in rows if not row[0]["held_out"]]),
        "held_out": _rates([row for row in rows if row[0]["held_out"]]),
        "baseline": _rates(base_rows),
    }
    _print_rates("all messages", results["all"])
    _print_rates("tuning part", results["tuning"])
    _print_rates("held-out part", results["held_out"])
    _print_rates("baseline regex (all)", results["baseline"])

    in_scams: Counter[str] = Counter()
    in_legit: Counter[str] = Counter()
    for m, r in zip(messages, reports, strict=True):
        (in_scams if m["scam"] else in_legit).update(r.codes)
    print("  flags found (in scams / in legitimate messages):")
    for code in sorted(set(in_scams) | set(in_legit), key=lambda c: (-in_scams[c], c)):
        print(f"    {code:<36} {in_scams[code]:3d} / {in_legit[code]:2d}")

    base_t = _timed(BASELINE.search, texts, REPEAT * 20)
    print(f"  time per check, baseline (one pre-compiled regex): median {base_t[0]:.4f} ms, p95 {base_t[1]:.4f} ms")
    variants: list[tuple[str, Callable[[str], object]]] = [("rules only, no database look-ups", rules_only)]
    if with_db:
        variants.append(("full check (licence list, reported contacts)", ours))
    for name, fn in variants:
        t = _timed(fn, texts, REPEAT)
        ratio = t[0] / base_t[0] if base_t[0] else float("inf")
        print(f"  time per check, {name:<45} median {t[0]:7.3f} ms, p95 {t[1]:7.3f} ms -> x{ratio:.0f} the baseline")
        results["time_ms" if fn is ours else "time_ms_rules_only"] = {
            "median": t[0],
            "p95": t[1],
            "baseline_median": base_t[0],
            "ratio": ratio,
        }

    if os.environ.get("JOBCHECK_SHOW"):
        print("  tuning part, wrongly judged:")
        for m, r in zip(messages, reports, strict=True):
            wrong = (m["scam"] and r.level == "none") or (not m["scam"] and r.level != "none")
            if wrong and not m["held_out"]:
                print(f"    {m['id']} scam={m['scam']} level={r.level} score={r.score} flags={r.codes}")
    return results


def _import_licences(path: Path) -> None:
    """Put a licence list (CSV or Excel, as DOLAB publishes it) in force in the throw-away database."""
    from django.utils import timezone

    from safepath.recruiters import services

    batch = services.licence_import_create(
        actor=None, file_name=path.name, content=path.read_bytes(), data_date=timezone.localdate(), source=str(path)
    )
    services.licence_import_run(import_id=batch.pk, channel="cli")


def _clear_licences() -> None:
    """Take the licence list of the previous corpus out of force (throw-away database only)."""
    from safepath.recruiters import models

    for name in ("Enterprise", "LicenceImport"):
        model = getattr(models, name, None)
        if model is not None:
            model.objects.all().delete()


def main() -> None:
    with_db = os.environ.get("JOBCHECK_DB", "1") != "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.config.settings.test")
    sys.path.insert(0, str(ROOT))
    tmp: Path | None = None
    if with_db and "DATABASE_URL" not in os.environ:
        (ROOT / "var").mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="bench-jobcheck-", dir=ROOT / "var"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["SAFEPATH_VAR_DIR"] = str(tmp)
    import django

    django.setup()
    old = None
    try:
        if with_db:
            from django.core.management import call_command
            from django.test.utils import setup_databases

            from safepath.core.context import RequestContext, set_context

            set_context(RequestContext(channel="cli"))
            if "postgres" in os.environ["DATABASE_URL"]:
                old = setup_databases(verbosity=0, interactive=False)
            else:
                call_command("migrate", verbosity=0)
        corpora = [CORPUS] if "JOBCHECK_CORPUS" in os.environ else CORPORA
        for i, corpus in enumerate(corpora):
            if i:
                print()
            if with_db:
                if i:
                    _clear_licences()
                licences = licences_for(corpus)
                if licences:
                    _import_licences(Path(licences))
            run(with_db=with_db, corpus=corpus)
    finally:
        if with_db:
            from django.db import connection

            if old is not None:
                from django.test.utils import teardown_databases

                teardown_databases(old, verbosity=0)
            connection.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
