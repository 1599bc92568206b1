"""The ILO/EC rule, clause by clause, and its combination for adults and children."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from safepath.screening.scoring import Dimension, Evidence, Grade, Outcome, assess, dimension_verdict

D1, D2, D3, D4, D5, D6 = list(Dimension)


def ev(dim, *grades):
    return [Evidence(f"{dim.value}-{i}-{g}", dim, Grade(g)) for i, g in enumerate(grades)]


def test_each_clause_of_the_dimension_rule():
    cases = {
        ("strong", "strong"): "2 strong",
        ("strong", "medium"): "1 strong + 1 other",
        ("strong", "weak"): "1 strong + 1 other",
        ("medium", "medium", "medium"): "3 medium",
        ("medium", "medium", "weak"): "2 medium + 1 weak",
    }
    for grades, because in cases.items():
        verdict = dimension_verdict(D1, ev(D1, *grades))
        assert verdict.positive and verdict.because == because, grades


def test_what_is_not_enough():
    for grades in [("strong",), ("medium", "medium"), ("medium", "weak", "weak"), ("weak",) * 5, ()]:
        assert not dimension_verdict(D4, ev(D4, *grades)).positive, grades


def test_an_indicator_counts_once_and_only_in_its_dimension():
    same = [Evidence("violence", D5, Grade.STRONG)] * 2
    assert not dimension_verdict(D5, same).positive
    assert not dimension_verdict(D4, ev(D5, "strong", "strong")).positive


def test_adult_needs_recruitment_exploitation_and_means():
    found = ev(D1, "strong", "medium") + ev(D4, "strong", "medium")
    result = assess(found, child=False)
    assert result.outcome == Outcome.POSSIBLE and result.missing == ("means",)
    result = assess(found + ev(D6, "medium", "medium", "medium"), child=False)
    assert result.outcome == Outcome.STRONG_INDICATION and result.missing == ()
    assert result.dimensions[D6].because == "3 medium"


def test_child_does_not_need_the_means():
    found = ev(D2, "strong", "strong") + ev(D4, "medium", "medium", "weak")
    assert assess(found, child=True).outcome == Outcome.STRONG_INDICATION
    assert assess(found, child=False).outcome == Outcome.POSSIBLE


def test_nothing_or_only_weak_is_not_established():
    assert assess([], child=False).outcome == Outcome.NOT_ESTABLISHED
    assert assess(ev(D3, "weak", "weak") + ev(D6, "medium", "weak"), child=False).outcome == Outcome.NOT_ESTABLISHED
    # A single strong indicator makes no dimension positive: it is flagged, and decides nothing alone.
    alone = assess(ev(D5, "strong"), child=False)
    assert alone.outcome == Outcome.NOT_ESTABLISHED
    assert [e.dimension for e in alone.look_closer] == [D5]
    assert assess(ev(D5, "strong", "weak"), child=False).look_closer == ()


grades = st.sampled_from(list(Grade))
evidence = st.lists(
    st.builds(Evidence, st.text(min_size=1, max_size=3), st.sampled_from(list(Dimension)), grades), max_size=25
)


@given(evidence, st.booleans())
def test_more_evidence_never_weakens_the_outcome(found, child):
    order = [Outcome.NOT_ESTABLISHED, Outcome.POSSIBLE, Outcome.STRONG_INDICATION]
    before = assess(found[: len(found) // 2], child=child).outcome
    after = assess(found, child=child).outcome
    # Monotone as long as no indicator code is reused with another grade or dimension.
    codes = [e.indicator for e in found]
    if len(codes) == len(set(codes)):
        assert order.index(after) >= order.index(before)


def test_strong_indication_for_adults_implies_it_for_children():
    dims = list(Dimension)
    for chosen in itertools.combinations(dims, 3):
        found = [e for d in chosen for e in ev(d, "strong", "strong")]
        if assess(found, child=False).outcome == Outcome.STRONG_INDICATION:
            assert assess(found, child=True).outcome == Outcome.STRONG_INDICATION
