"""What a person is entitled to under Vietnamese law, from their legal status, on a given day.

The rules are dated data with their sources (`plans/rules/*.yaml`), validated when SafePath starts:
a rule set is in force from `effective_from` to the day before `effective_to`. The answer for a case
is the rule set in force today; a plan drawn up on an earlier day can be checked against the rules
of that day. Nothing here is legal advice: the screen shows the source and its verification status.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from safepath.screening.instruments import Code, InstrumentError, Source, Text, where_in

RULES = Path(__file__).resolve().parent / "rules"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SupportType(_Strict):
    code: Code
    clause: str
    label: Text
    detail: Text | None = None


class Rule(_Strict):
    legal_status: Code
    who: Text
    supports: list[Code] = Field(min_length=1)
    discretionary: bool = False
    note: Text | None = None


class RuleSet(_Strict):
    code: str
    title: Text
    effective_from: dt.date
    effective_to: dt.date | None = None
    sources: list[Source] = Field(min_length=1)
    support_types: list[SupportType] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        from safepath.cases.choices import LegalStatus

        known = {s.code for s in self.support_types}
        problems = [
            f"rule for '{r.legal_status}' grants '{c}', which is not in 'support_types'"
            for r in self.rules
            for c in r.supports
            if c not in known
        ]
        problems += [
            f"'{r.legal_status}' is not a legal status SafePath knows ({', '.join(LegalStatus.values)})"
            for r in self.rules
            if r.legal_status not in LegalStatus.values
        ]
        statuses = [r.legal_status for r in self.rules]
        problems += [f"two rules for '{s}'" for s in sorted({s for s in statuses if statuses.count(s) > 1})]
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            problems.append("'effective_to' must come after 'effective_from'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def support(self, code: str) -> SupportType | None:
        return next((s for s in self.support_types if s.code == code), None)


def load_rules(folder: Path = RULES) -> list[RuleSet]:
    sets = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_bytes())
            sets.append(RuleSet.model_validate(data))
        except yaml.YAMLError as exc:
            raise InstrumentError(f"Entitlement rules {path}: not valid YAML: {exc}") from exc
        except ValidationError as exc:
            lines = [f"  - {where_in(err['loc'], data)}: {err['msg']}" for err in exc.errors()]
            raise InstrumentError(f"Entitlement rules {path} are not valid:\n" + "\n".join(lines)) from None
    sets.sort(key=lambda r: r.effective_from)
    for earlier, later in itertools.pairwise(sets):
        if earlier.effective_to is None or earlier.effective_to > later.effective_from:
            raise InstrumentError(
                f"Entitlement rules {earlier.code} and {later.code} overlap: end {earlier.code} "
                f"(effective_to) on or before {later.effective_from}"
            )
    return sets


@cache
def rule_sets() -> tuple[RuleSet, ...]:
    return tuple(load_rules())


@dataclass(frozen=True)
class Entitlement:
    code: str
    clause: str
    label: str
    detail: str


@dataclass(frozen=True)
class Entitlements:
    legal_status: str
    on: dt.date
    rule_set: RuleSet | None
    rule: Rule | None
    supports: tuple[Entitlement, ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.supports)


def entitlements_for(legal_status: str, on: dt.date | None = None) -> Entitlements:
    """The support types a legal status gives on a day; none when no rule covers it (e.g. not assessed)."""
    day = on or dt.date.today()  # noqa: DTZ011 (a calendar day; callers pass timezone.localdate())
    rule_set = next((r for r in rule_sets() if r.in_force(day)), None)
    rule = next((r for r in rule_set.rules if r.legal_status == legal_status), None) if rule_set else None
    supports: list[Entitlement] = []
    if rule_set and rule:
        for code in rule.supports:
            s = rule_set.support(code)
            assert s is not None  # validated
            supports.append(Entitlement(s.code, s.clause, str(s.label), str(s.detail) if s.detail else ""))
    return Entitlements(legal_status, day, rule_set, rule, tuple(supports))
