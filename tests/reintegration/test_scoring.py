"""Scores against hand-computed values: points over the question's maximum, weighted means within each
dimension with the weights of unanswered indicators re-normalised away, coverage, and the composite."""

from __future__ import annotations

import pytest

from safepath.reintegration import indicators, scoring
from safepath.reintegration.indicators import Indicator
from tests.reintegration.conftest import (
    MIXED,
    MIXED_COMPOSITE,
    MIXED_COVERAGE,
    MIXED_ECONOMIC,
    MIXED_PSYCHOSOCIAL,
    MIXED_SOCIAL,
)

ISET = indicators.registry()["safepath-default-2026.1"]


def _extreme(best: bool) -> dict[str, str]:
    answers = {}
    for q in ISET.questions():
        scored = sorted((o for o in q.options if o.points is not None), key=lambda o: o.points)
        answers[q.code] = (scored[-1] if best else scored[0]).value
    return answers


def test_best_answers_score_one_and_worst_zero():
    best = scoring.score(ISET, _extreme(best=True))
    assert [best.score(d) for d in indicators.DIMENSIONS] == [1.0, 1.0, 1.0]
    assert best.composite == 1.0 and best.coverage == 1.0 and best.complete
    worst = scoring.score(ISET, _extreme(best=False))
    assert [worst.score(d) for d in indicators.DIMENSIONS] == [0.0, 0.0, 0.0] and worst.composite == 0.0


def test_a_mixed_visit_matches_the_hand_computed_scores():
    # economic: weights 3,3,2,2,1; points 2,2,1,2,2 of 3 -> (6+6+2+4+2)/3/11 = 20/33
    # social: children's schooling not applicable -> weights 2,3,2 (of 8): (2*2/3 + 3*1 + 2*1/3)/7 = 5/7
    # psychosocial: discrimination declined -> weights 2,1,3,3,1 (of 12): (2*2/3 + 0 + 3 + 3*2/3 + 1)/10 = 11/15
    card = scoring.score(ISET, MIXED)
    assert card.score("economic") == pytest.approx(MIXED_ECONOMIC)
    assert card.score("social") == pytest.approx(MIXED_SOCIAL)
    assert card.score("psychosocial") == pytest.approx(MIXED_PSYCHOSOCIAL)
    assert card.composite == pytest.approx(MIXED_COMPOSITE) == pytest.approx(0.684560, abs=1e-6)
    assert card.dimensions["economic"].coverage == 1.0
    assert card.dimensions["social"].coverage == pytest.approx(7 / 8)
    assert card.dimensions["psychosocial"].coverage == pytest.approx(10 / 12)
    assert (card.dimensions["social"].answered, card.dimensions["social"].total) == (3, 4)
    assert card.coverage == pytest.approx(MIXED_COVERAGE) == pytest.approx(0.902778, abs=1e-6)
    assert card.complete


def test_an_unanswered_dimension_has_no_score_and_the_composite_renormalises():
    economic_only = {i.code: MIXED[i.code] for i in ISET.in_dimension("economic")}
    card = scoring.score(ISET, economic_only)
    assert card.score("social") is None and card.score("psychosocial") is None
    assert card.composite == pytest.approx(MIXED_ECONOMIC)  # the only dimension with a score carries it all
    assert card.coverage == pytest.approx(1 / 3) and not card.complete
    assert not card.dimensions["social"].complete and card.dimensions["social"].coverage == 0.0


def test_no_answer_at_all_gives_no_scores():
    card = scoring.score(ISET, {})
    assert card.composite is None and card.coverage == 0.0
    assert all(card.score(d) is None for d in indicators.DIMENSIONS)


def test_unscored_and_unknown_answers_leave_a_question_unanswered():
    q = ISET.question("children_education")
    assert q is not None and q.max_points == 2
    assert scoring.question_score(q, "some_attend") == pytest.approx(0.5)
    assert scoring.question_score(q, "not_applicable") is None
    assert scoring.question_score(q, "nonsense") is None
    assert scoring.question_score(q, "") is None and scoring.question_score(q, ["all_attend"]) is None


def test_questions_within_an_indicator_are_weighted():
    indicator = Indicator.model_validate(
        {
            "code": "two_questions",
            "dimension": "economic",
            "label": {"vi": "Hai câu", "en": "Two questions"},
            "theme_status": "unverified",
            "weight": 1,
            "reason": {"vi": "Thử", "en": "Test"},
            "questions": [
                {
                    "code": "a",
                    "text": {"vi": "A?", "en": "A?"},
                    "weight": 3,
                    "options": [
                        {"value": "no", "points": 0, "label": {"vi": "Không", "en": "No"}},
                        {"value": "yes", "points": 4, "label": {"vi": "Có", "en": "Yes"}},
                    ],
                },
                {
                    "code": "b",
                    "text": {"vi": "B?", "en": "B?"},
                    "options": [
                        {"value": "low", "points": 1, "label": {"vi": "Thấp", "en": "Low"}},
                        {"value": "high", "points": 2, "label": {"vi": "Cao", "en": "High"}},
                        {"value": "skip", "points": None, "label": {"vi": "Bỏ qua", "en": "Skip"}},
                    ],
                },
            ],
        }
    )
    # a = yes (1.0, weight 3), b = low (0.5, weight 1): (3*1 + 1*0.5) / 4 = 0.875
    assert scoring.indicator_score(indicator, {"a": "yes", "b": "low"}) == pytest.approx(0.875)
    assert scoring.indicator_score(indicator, {"a": "no", "b": "skip"}) == 0.0  # b unanswered: a alone
    assert scoring.indicator_score(indicator, {"b": "skip"}) is None
    assert scoring.weighted_mean([(1, None), (0, 0.5)]) is None  # nothing with a weight was answered


def test_clean_answers_keeps_known_answers_and_names_the_problems():
    kept, problems = scoring.clean_answers(ISET, {"debt": "no_debt", "safety": "", "nope": "x", "housing": "castle"})
    assert kept == {"debt": "no_debt"}
    assert problems == {"nope": "unknown_question", "housing": "unknown_option"}
