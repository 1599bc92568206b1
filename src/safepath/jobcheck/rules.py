"""The red-flag rules of the job-offer check: loaded from `data/red_flags.yaml`, validated, compiled.

The file is the source of truth for patterns, weights, thresholds, the ILO dimension and HTCDS
mapping and the source and date of each flag; the words shown to people (titles, explanations,
what to do) are in `offers.py` through gettext. Loading checks that both agree, that every regular
expression compiles and that every context, computed signal and answer a rule names exists: a
broken file stops start-up with a message naming the flag and the signal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

RED_FLAGS = Path(__file__).resolve().parent / "data" / "red_flags.yaml"

# Computed signals implemented in offers.py (checked there against this list at import time).
COMPUTED = frozenset(
    {
        "company_not_on_licence_list",
        "licence_revoked_or_suspended",
        "no_company_but_money",
        "pay_out_of_line",
        "fee_far_above_caps",
        "answer_fee_above_cap",
        "telegram_only",
        "contact_reported",
    }
)
# The optional questions and the values a rule may test (`answer:` signals).
ANSWER_VALUES: dict[str, frozenset[str] | None] = {
    "destination": None,  # ISO 3166 alpha-2
    "visa_type": frozenset({"work", "tourist", "visit", "student", "none", "unknown"}),
    "travel_paid_by": frozenset({"self", "recruiter", "employer", "unknown"}),
    "passport_kept": frozenset({"yes", "no", "unknown"}),
    "written_contract": frozenset({"yes", "no", "unknown"}),
}
_MACRO = re.compile(r"<<([A-Z_]+)>>")
# A space in a pattern matches one or more spaces or tabs (not a space followed by a quantifier).
_SPACE = re.compile(r" (?![?*+{])")


class RulesError(Exception):
    """A broken red-flag file: the message names the file, the flag and the signal."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PatternSet(_Strict):
    folded: list[str] = []
    raw: list[str] = []


class ContextSet(PatternSet):
    negatable: bool = False  # a match preceded closely by a negation ("never ask you to travel abroad") does not count


class Signal(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    weight: int = Field(ge=1, le=5)
    folded: list[str] = []
    raw: list[str] = []
    computed: str | None = None
    answer: dict[str, list[str]] | None = None
    requires: list[str] = []
    unless: list[str] = []
    alone: bool = True
    negatable: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = [bool(self.folded or self.raw), self.computed is not None, self.answer is not None]
        if sum(kinds) != 1:
            raise ValueError("a signal has either patterns (folded/raw), or 'computed', or 'answer'")
        if self.computed is not None and self.computed not in COMPUTED:
            raise ValueError(f"unknown computed signal '{self.computed}' (known: {', '.join(sorted(COMPUTED))})")
        for key, values in (self.answer or {}).items():
            if key not in ANSWER_VALUES:
                raise ValueError(f"unknown answer '{key}' (known: {', '.join(ANSWER_VALUES)})")
            allowed = ANSWER_VALUES[key]
            bad = [x for x in values if (allowed is not None and x not in allowed) or not x]
            if bad or not values:
                raise ValueError(f"answer '{key}': values {bad or values} are not allowed")
        return self


class Ilo(_Strict):
    dimension: int | None = Field(default=None, ge=1, le=6)
    indicator: str
    grade: Literal["S", "M", "W"]


class FlagSource(_Strict):
    citation: str = Field(min_length=1)
    status: Literal["verified", "secondary", "unverified"]
    date: dt.date


class FlagDef(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z_]*$")
    ilo: Ilo
    htcds: dict[str, list[str]]
    source: FlagSource
    signals: list[Signal] = Field(min_length=1)


class Levels(_Strict):
    high: int = Field(ge=1)


class Thresholds(_Strict):
    pay_low_wage_vnd: int = Field(gt=0)
    pay_high_wage_vnd: int = Field(gt=0)
    pay_domestic_vnd: int = Field(gt=0)
    fee_months_of_pay: float = Field(gt=0)


class RuleFile(_Strict):
    code: str
    version: str
    effective_from: dt.date
    levels: Levels
    thresholds: Thresholds
    high_wage_countries: list[str]
    scam_hub_countries: list[str]
    macros: dict[str, str]
    contexts: dict[str, ContextSet]
    flags: list[FlagDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        codes = [f.code for f in self.flags]
        problems += [f"two flags '{c}'" for c in sorted({c for c in codes if codes.count(c) > 1})]
        for flag in self.flags:
            ids = [s.id for s in flag.signals]
            problems += [f"{flag.code}: two signals '{i}'" for i in sorted({i for i in ids if ids.count(i) > 1})]
            for s in flag.signals:
                problems += [
                    f"{flag.code}/{s.id}: unknown context '{c}'"
                    for c in s.requires + s.unless
                    if c not in self.contexts
                ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


# --- compiled form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledSignal:
    flag: str
    id: str
    weight: int
    folded: re.Pattern[str] | None
    raw: re.Pattern[str] | None
    computed: str | None
    answer: dict[str, frozenset[str]] | None
    requires: tuple[str, ...]
    unless: tuple[str, ...]
    alone: bool
    negatable: bool


@dataclass(frozen=True)
class CompiledRules:
    file: RuleFile
    contexts: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]
    signals: tuple[CompiledSignal, ...]
    flags: dict[str, FlagDef]

    @property
    def version(self) -> str:
        return self.file.version


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise RulesError(f"{where}: unknown macro <<{name}>>")
        return macros[name]

    expanded = pattern
    for _depth in range(3):  # macros may use macros, a little
        expanded = _MACRO.sub(one, expanded)
    return _SPACE.sub(" +", expanded)


def _compile(patterns: list[str], macros: dict[str, str], where: str, *, raw: bool) -> re.Pattern[str] | None:
    if not patterns:
        return None
    parts = [f"(?:{_expand(p, macros, where)})" for p in patterns]
    for p, part in zip(patterns, parts, strict=True):
        try:
            re.compile(part)
        except re.error as exc:
            raise RulesError(f"{where}: pattern {p!r} is not a valid regular expression: {exc}") from None
    return re.compile("|".join(parts), re.IGNORECASE if raw else 0)


def compile_rules(data: RuleFile, *, path: Path = RED_FLAGS) -> CompiledRules:
    macros = data.macros
    contexts = {
        name: (
            _compile(ps.folded, macros, f"{path.name}: context {name}", raw=False),
            _compile(ps.raw, macros, f"{path.name}: context {name}", raw=True),
        )
        for name, ps in data.contexts.items()
    }
    signals = []
    for flag in data.flags:
        for s in flag.signals:
            where = f"{path.name}: {flag.code} → {s.id}"
            signals.append(
                CompiledSignal(
                    flag=flag.code,
                    id=s.id,
                    weight=s.weight,
                    folded=_compile(s.folded, macros, where, raw=False),
                    raw=_compile(s.raw, macros, where, raw=True),
                    computed=s.computed,
                    answer={k: frozenset(v) for k, v in s.answer.items()} if s.answer else None,
                    requires=tuple(s.requires),
                    unless=tuple(s.unless),
                    alone=s.alone,
                    negatable=s.negatable,
                )
            )
    return CompiledRules(file=data, contexts=contexts, signals=tuple(signals), flags={f.code: f for f in data.flags})


def load_rules(path: Path = RED_FLAGS) -> CompiledRules:
    try:
        raw = yaml.safe_load(path.read_bytes())
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"Red-flag rules {path}: cannot be read: {exc}") from exc
    try:
        data = RuleFile.model_validate(raw)
    except PydanticError as exc:
        lines = [f"  - {' → '.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}" for err in exc.errors()]
        raise RulesError(f"Red-flag rules {path} are not valid:\n" + "\n".join(lines)) from None
    return compile_rules(data, path=path)


@cache
def rules() -> CompiledRules:
    return load_rules()
