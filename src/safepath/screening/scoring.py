"""The ILO/EC (2009) operational-indicator rule, as pure functions with their evidence.

Source: ILO-European Commission, *Operational indicators of trafficking in human beings*, 2009
(WCMS_105023), as summarised in shared/domain/reference.md §2. The per-dimension rule is marked
SECONDARY there and the combination rule UNVERIFIED: both carry `RULE_VERSION` so every stored
result says which reading of the rule produced it. The result is a screening aid, never the legal
identification, which in Viet Nam follows Law 53/2024/QH15.

Nothing here touches the database or the instruments' wording: callers pass the indicators found,
each with its dimension and grade, and get back each dimension's verdict, the evidence behind it
and the overall outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

RULE_VERSION = "ilo-ec-2009/delphi-v1"


class Grade(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class Dimension(StrEnum):
    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    COERCIVE_RECRUITMENT = "coercive_recruitment"
    RECRUITMENT_ABUSE_OF_VULNERABILITY = "recruitment_abuse_of_vulnerability"
    EXPLOITATIVE_CONDITIONS = "exploitative_conditions"
    COERCION_AT_DESTINATION = "coercion_at_destination"
    ABUSE_OF_VULNERABILITY_AT_DESTINATION = "abuse_of_vulnerability_at_destination"


RECRUITMENT = (
    Dimension.DECEPTIVE_RECRUITMENT,
    Dimension.COERCIVE_RECRUITMENT,
    Dimension.RECRUITMENT_ABUSE_OF_VULNERABILITY,
)
EXPLOITATION = (Dimension.EXPLOITATIVE_CONDITIONS,)
MEANS_AT_DESTINATION = (Dimension.COERCION_AT_DESTINATION, Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION)


class Outcome(StrEnum):
    STRONG_INDICATION = "strong_indication"  # every element the rule needs is present
    POSSIBLE = "possible"  # at least one dimension is positive, but not every element the rule needs
    NOT_ESTABLISHED = "not_established"


@dataclass(frozen=True)
class Evidence:
    """One indicator found: its code in the instrument, its dimension and its grade."""

    indicator: str
    dimension: Dimension
    grade: Grade


@dataclass(frozen=True)
class DimensionVerdict:
    dimension: Dimension
    positive: bool
    evidence: tuple[Evidence, ...]
    because: str  # which clause of the rule decided: "2 strong", "3 medium", "not enough", ...


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    dimensions: Mapping[Dimension, DimensionVerdict]
    elements: Mapping[str, bool]  # recruitment, exploitation, means (None-free: False when not needed)
    child: bool
    rule_version: str = RULE_VERSION
    missing: tuple[str, ...] = field(default_factory=tuple)  # elements still lacking for a strong indication
    # strong indicators in dimensions that are not positive: they decide nothing alone, but are worth a question
    look_closer: tuple[Evidence, ...] = field(default_factory=tuple)


def dimension_verdict(dimension: Dimension, evidence: Iterable[Evidence]) -> DimensionVerdict:
    """Positive with (a) 2 strong, (b) 1 strong + 1 medium or weak, (c) 3 medium, or (d) 2 medium + 1 weak.

    Each indicator counts once, however many answers evidence it.
    """
    unique = {e.indicator: e for e in evidence if e.dimension == dimension}
    found = tuple(sorted(unique.values(), key=lambda e: (list(Grade).index(e.grade), e.indicator)))
    strong = sum(e.grade == Grade.STRONG for e in found)
    medium = sum(e.grade == Grade.MEDIUM for e in found)
    weak = sum(e.grade == Grade.WEAK for e in found)
    if strong >= 2:
        because = "2 strong"
    elif strong == 1 and medium + weak >= 1:
        because = "1 strong + 1 other"
    elif medium >= 3:
        because = "3 medium"
    elif medium >= 2 and weak >= 1:
        because = "2 medium + 1 weak"
    else:
        because = "not enough"
    return DimensionVerdict(dimension=dimension, positive=because != "not enough", evidence=found, because=because)


def assess(evidence: Iterable[Evidence], *, child: bool) -> Result:
    """Each dimension's verdict and the overall outcome.

    "Possible" means at least one dimension is positive without every element the rule needs; a
    strong indicator alone makes no dimension positive, so it is reported in `look_closer` and does
    not change the outcome.

    Adults: recruitment (dimension 1, 2 or 3) AND exploitation (4) AND coercion or abuse of
    vulnerability at destination (5 or 6). Children: recruitment and exploitation suffice (the
    means are not required for a person under 18, Palermo Art. 3(c); Law 53/2024 Art. 2).
    """
    items = list(evidence)
    verdicts = {d: dimension_verdict(d, items) for d in Dimension}
    elements = {
        "recruitment": any(verdicts[d].positive for d in RECRUITMENT),
        "exploitation": any(verdicts[d].positive for d in EXPLOITATION),
        "means": any(verdicts[d].positive for d in MEANS_AT_DESTINATION),
    }
    needed = ("recruitment", "exploitation") if child else ("recruitment", "exploitation", "means")
    missing = tuple(e for e in needed if not elements[e])
    if not missing:
        outcome = Outcome.STRONG_INDICATION
    elif any(v.positive for v in verdicts.values()):
        outcome = Outcome.POSSIBLE
    else:
        outcome = Outcome.NOT_ESTABLISHED
    look_closer = tuple(e for v in verdicts.values() if not v.positive for e in v.evidence if e.grade == Grade.STRONG)
    return Result(
        outcome=outcome, dimensions=verdicts, elements=elements, child=child, missing=missing, look_closer=look_closer
    )
