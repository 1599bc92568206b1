"""Reintegration scores as pure functions of an indicator set and a visit's answers.

- A question scores `points / max_points` of the chosen option (0 to 1). An option without points
  (does not know, prefers not to say, not applicable) or no answer leaves it unanswered.
- An indicator scores the weighted mean of its answered questions; unanswered when none is.
- A dimension scores the weighted mean of its answered indicators, the weights of the unanswered
  ones left out and the rest re-normalised. Its coverage is the share of its indicator weight that
  was answered (1.0: every indicator answered).
- The composite is the weighted mean of the dimensions that have a score (re-normalised the same
  way); its coverage is the dimension-weighted mean of the dimensions' coverages.
- A score whose coverage is below the set's `min_coverage` is marked incomplete (still computed).

Nothing here touches the database: tests check it against hand-computed examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from safepath.reintegration.indicators import DIMENSIONS, Indicator, IndicatorSet, Question


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    dimension: str
    weight: float
    score: float | None  # None: unanswered


@dataclass(frozen=True)
class DimensionScore:
    code: str
    weight: float
    score: float | None  # None: no indicator answered
    coverage: float  # share of the dimension's indicator weight that was answered, 0..1
    answered: int
    total: int
    complete: bool  # coverage reaches the set's min_coverage


@dataclass(frozen=True)
class ScoreCard:
    indicator_set: str  # the set's key
    dimensions: dict[str, DimensionScore]
    composite: float | None
    coverage: float
    complete: bool
    indicators: list[IndicatorScore] = field(default_factory=list)

    def score(self, dimension: str) -> float | None:
        return self.dimensions[dimension].score


def weighted_mean(pairs: list[tuple[float, float | None]]) -> float | None:
    """Mean of the values present, weighted; the weights of missing values are left out (re-normalised)."""
    present = [(w, v) for w, v in pairs if v is not None]
    total = sum(w for w, _ in present)
    if not present or total <= 0:
        return None
    return sum(w * v for w, v in present) / total


def question_score(question: Question, answer: Any) -> float | None:
    if answer in (None, "") or not isinstance(answer, str):
        return None
    option = question.option(answer)
    if option is None or option.points is None:
        return None
    return option.points / question.max_points


def indicator_score(indicator: Indicator, answers: Mapping[str, Any]) -> float | None:
    return weighted_mean([(q.weight, question_score(q, answers.get(q.code))) for q in indicator.questions])


def score(indicator_set: IndicatorSet, answers: Mapping[str, Any]) -> ScoreCard:
    """The score card of one visit: each indicator, each dimension with its coverage, and the composite."""
    per_indicator = [
        IndicatorScore(i.code, i.dimension, i.weight, indicator_score(i, answers)) for i in indicator_set.indicators
    ]
    dims: dict[str, DimensionScore] = {}
    for code in DIMENSIONS:
        mine = [s for s in per_indicator if s.dimension == code]
        weight_all = sum(s.weight for s in mine)
        weight_answered = sum(s.weight for s in mine if s.score is not None)
        coverage = weight_answered / weight_all if weight_all else 0.0
        dims[code] = DimensionScore(
            code=code,
            weight=indicator_set.dimension(code).weight,
            score=weighted_mean([(s.weight, s.score) for s in mine]),
            coverage=coverage,
            answered=sum(1 for s in mine if s.score is not None),
            total=len(mine),
            complete=coverage >= indicator_set.min_coverage,
        )
    composite = weighted_mean([(d.weight, d.score) for d in dims.values()])
    total_weight = sum(d.weight for d in dims.values())
    coverage = sum(d.weight * d.coverage for d in dims.values()) / total_weight if total_weight else 0.0
    return ScoreCard(
        indicator_set=indicator_set.key,
        dimensions=dims,
        composite=composite,
        coverage=coverage,
        complete=coverage >= indicator_set.min_coverage,
        indicators=per_indicator,
    )


def clean_answers(indicator_set: IndicatorSet, answers: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The answers that can be stored, and a problem per question code (unknown question, unknown option).

    Empty answers are dropped (the question stays unanswered).
    """
    kept: dict[str, str] = {}
    problems: dict[str, str] = {}
    for code, value in answers.items():
        q = indicator_set.question(str(code))
        if q is None:
            problems[str(code)] = "unknown_question"
            continue
        if value in (None, ""):
            continue
        if not isinstance(value, str) or q.option(value) is None:
            problems[str(code)] = "unknown_option"
            continue
        kept[q.code] = value
    return kept, problems
