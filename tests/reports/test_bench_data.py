"""The reports benchmark (benchmarks/reports*.py): its generator, and its SQL against the engine.

On PostgreSQL a small data set is generated in the test database and every indicator is computed
both by the engine and by the hand-written SQL of the benchmark: they must agree cell by cell, so
the ratios `make bench` prints compare like with like. On SQLite only the parts that need no
PostgreSQL run (the generator is PostgreSQL SQL).
"""

from __future__ import annotations

from collections import Counter

import pytest
from benchmarks import reports as bench
from benchmarks.reports_data import CASE_TYPE, weighted
from django.db import connection

from safepath.reports import indicators
from safepath.reports.compute import MONTH, Filters

pytestmark = pytest.mark.django_db


def test_weighted_slots_follow_the_weights():
    values, slots = weighted({"a": 3, "b": 1, "c": 0.5}, slots=900)
    assert values == ["a", "b", "c"]
    assert len(slots) == 900
    assert Counter(slots) == {1: 600, 2: 200, 3: 100}
    values, slots = weighted(CASE_TYPE)
    assert len(slots) == 1000 and set(slots) == set(range(1, len(values) + 1))


def test_without_postgresql_the_bench_says_so_and_succeeds(monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert bench.main(["--cases", "10"]) == 0
    assert "needs PostgreSQL" in capsys.readouterr().out
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/x.sqlite3")
    assert bench.main([]) == 0


@pytest.fixture
def generated():
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark's generator writes PostgreSQL SQL")
    from benchmarks.reports_data import generate

    return generate(n=600)


def test_generator_writes_every_record_type(generated):
    from safepath.cases.models import Case, Consultation
    from safepath.people.models import Person
    from safepath.referrals.models import Referral

    assert Case.objects.count() == 600
    assert generated["cases"] == 600
    assert 500 < Person.objects.count() < 600  # some people come back with a second case
    assert Consultation.objects.count() > 600
    assert Consultation.objects.filter(person__isnull=True).exists()  # anonymous ones
    assert Referral.objects.exclude(answered_at=None).exists()
    for step in ("intake items", "shelter stays", "screenings", "reintegration plans and visits", "portal page views"):
        assert generated[step] > 0, step
    # encrypted columns hold the empty value, which reads back as empty
    person = Person.objects.first()
    assert person is not None and person.full_name == "" and person.phone == ""


def test_hand_written_sql_equals_the_engine_for_every_indicator(generated):
    from benchmarks.reports_timing import Ask, check

    from safepath.accounts.models import Agency
    from safepath.reports.periods import Period

    agency = Agency.objects.get(code="HN-MRC")
    scopes = [Filters(), Filters(agencies=frozenset({str(agency.pk)}))]
    checked = 0
    for indicator in indicators.load().indicators:
        questions: list[tuple[Period, tuple[str, ...]]] = [(Period.month(2026, 10), ())]
        questions += [(Period.year(2025), (dim,)) for dim in indicator.disaggregations[:2]]
        if indicator.code in ("MRC-01", "MRC-03", "MRC-08", "CT-01"):
            questions.append((Period.year(2025), (MONTH,)))
        for period, by in questions:
            for filters in scopes:
                ask = Ask(indicator.code, period, filters, by)
                check(ask, ask.orm().result, ask.sql())
                checked += 1
    assert checked > 100
