"""Screening and assessment instruments: versioned YAML files, validated when SafePath starts.

An instrument is data, never code: its questions in Vietnamese and English with interviewer
guidance, answer types, skip logic, and for every answer the indicators it evidences. The files
live in `screening/instruments/` (and any folder named in the `SAFEPATH_INSTRUMENT_DIRS` setting),
one file per instrument version. A completed assessment records the instrument's code, version and
the SHA-256 of the file it was answered on, so a result can always be traced to the exact wording
and grades used; `instruments/released.json` pins the digest of every released version, and a
released file that changes without a new version number fails the system checks.

`load()` turns a broken file into `InstrumentError` naming the file, the place in it and what to
fix; `registry()` is loaded once per process from `ScreeningConfig.ready()`, so a broken file stops
start-up with that message instead of failing in the middle of an interview.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from safepath.screening.scoring import Dimension, Grade

HERE = Path(__file__).resolve().parent / "instruments"
RELEASED = HERE / "released.json"
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Kind = Literal["trafficking", "forced_labour", "vulnerability", "needs"]
Status = Literal["verified", "secondary", "unverified"]
ListCode = Literal["adult_labour", "adult_sexual", "child_labour", "child_sexual"]
Level = Literal["individual", "household", "community", "structural"]
NeedDomain = Literal[
    "safety",
    "health",
    "psychosocial",
    "legal_documents",
    "shelter",
    "livelihood",
    "education_training",
    "family",
]
NEED_DOMAINS: tuple[str, ...] = NeedDomain.__args__  # type: ignore[attr-defined]
LEVELS: tuple[str, ...] = Level.__args__  # type: ignore[attr-defined]
YES_NO_VALUES = ("yes", "no", "unknown", "declined")


def yes_no_labels() -> dict[str, str]:
    """The four answers to a yes/no question, in the active language."""
    return {"yes": _("Yes"), "no": _("No"), "unknown": _("Does not know"), "declined": _("Prefers not to say")}


class InstrumentError(Exception):
    """A broken instrument file: the message names the file, where in it, and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Strict):
    """A wording in both languages. Vietnamese first; English is required too."""

    vi: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]

    def __str__(self) -> str:
        return self.en if (get_language() or "vi").startswith("en") else self.vi


class Source(_Strict):
    citation: str
    url: str = ""
    status: Status
    note: str = ""


class Condition(_Strict):
    """Skip logic: show a question or section only when an earlier answer is (one of) something."""

    question: Code | None = None
    equals: str | None = None
    any_of: list[str] | None = Field(default=None, alias="in")
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        shapes = [self.question is not None, self.all is not None, self.any is not None]
        if sum(shapes) != 1:
            raise ValueError("a condition is either {question, equals | in} or {all: [...]} or {any: [...]}")
        if self.question is not None and (self.equals is None) == (self.any_of is None):
            raise ValueError(f"the condition on '{self.question}' needs exactly one of 'equals' or 'in'")
        return self

    def questions(self) -> Iterator[str]:
        if self.question is not None:
            yield self.question
        for c in (self.all or []) + (self.any or []):
            yield from c.questions()

    def describe(self, instrument: Instrument) -> str:
        """The condition in words, for the paper form: `Q12 = yes or no`, joined by and / or."""
        if self.all is not None:
            return f" {_('and')} ".join(c.describe(instrument) for c in self.all)
        if self.any is not None:
            return f" {_('or')} ".join(c.describe(instrument) for c in self.any)
        assert self.question is not None
        q = instrument.question(self.question)
        wanted = [self.equals] if self.equals is not None else list(self.any_of or [])
        labels = {o.value: str(o.label) for o in q.options} if q else {}
        yes_no = yes_no_labels()
        names = [labels.get(w, yes_no.get(w, w)) for w in wanted if w is not None]
        sep = " " + _("or") + " "
        return f"{instrument.number(self.question)} = {sep.join(names)}"

    def holds(self, answers: Mapping[str, Any]) -> bool:
        if self.all is not None:
            return all(c.holds(answers) for c in self.all)
        if self.any is not None:
            return any(c.holds(answers) for c in self.any)
        assert self.question is not None
        given = answers.get(self.question)
        wanted = {self.equals} if self.equals is not None else set(self.any_of or [])
        if isinstance(given, list):
            return bool(wanted & {str(v) for v in given})
        return given is not None and str(given) in wanted


class Option(_Strict):
    value: Code
    label: Text
    evidence: list[Code] = []


class Question(_Strict):
    code: Code
    type: Literal["yes_no", "single", "multi", "text", "number", "date"]
    text: Text
    guidance: Text | None = None
    options: list[Option] = []
    evidence: list[Code] = []  # yes_no: the indicators a "yes" evidences
    show_if: Condition | None = None
    required: bool = False
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.type in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError(f"question '{self.code}' ({self.type}) needs at least two options")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError(f"question '{self.code}' has two options with the same value")
        elif self.options:
            raise ValueError(f"question '{self.code}' is {self.type}: options are only for single and multi")
        if self.evidence and self.type != "yes_no":
            raise ValueError(f"question '{self.code}': 'evidence' belongs on yes_no questions; put it on the options")
        return self

    def evidenced_by(self, answer: Any) -> list[str]:
        """The indicator codes this answer evidences."""
        if self.type == "yes_no":
            return list(self.evidence) if answer == "yes" else []
        chosen = set(answer) if isinstance(answer, list) else {answer}
        return [code for o in self.options if o.value in chosen for code in o.evidence]

    def values(self) -> tuple[str, ...]:
        if self.type == "yes_no":
            return YES_NO_VALUES
        return tuple(o.value for o in self.options)


class Section(_Strict):
    code: Code
    title: Text
    intro: Text | None = None
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


class IndicatorList(_Strict):
    """One of the ILO/EC lists: adults or children, labour or sexual exploitation."""

    child: bool
    exploitation: Literal["labour", "sexual"]
    label: Text
    grades_status: Status


class Indicator(_Strict):
    code: Code
    label: Text
    explain: Text | None = None  # why it matters, in plain words, for the result screen
    # trafficking (ILO/EC 2009): the dimension, and the grade in each list that has this indicator
    dimension: Dimension | None = None
    grades: dict[ListCode, Grade] = {}
    unverified: list[ListCode] = []  # grades in these lists are unverified even where the list is not
    # forced labour (ILO 2012): the number of the indicator among the 11
    number: int | None = Field(default=None, ge=1, le=11)
    # vulnerability (IOM DoMV): the level and whether the factor adds risk or protects
    level: Level | None = None
    direction: Literal["risk", "protective"] | None = None
    # needs: the domain the need belongs to
    domain: NeedDomain | None = None
    # what the indicator means in the case's trafficking facts (HTCDS value names)
    htcds_means_of_control: list[str] = []


class Context(_Strict):
    """Questions whose answers choose the indicator lists (trafficking screening only)."""

    child: Code  # yes_no: under 18 when recruited
    exploitation: Code  # single or multi with values including labour and sexual
    location: Code | None = None  # single: vietnam / abroad, for the legal-status suggestion
    current_risk: Code | None = None  # yes_no: the person is in danger now


class Instrument(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d+$")]
    kind: Kind
    title: Text
    description: Text
    disclaimer: Text | None = None
    published: dt.date
    sources: list[Source] = Field(min_length=1)
    lists: dict[ListCode, IndicatorList] = {}
    context: Context | None = None
    indicators: list[Indicator] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    digest: str = ""  # SHA-256 of the file, filled in by the loader

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        codes = [i.code for i in self.indicators]
        problems += [f"indicator '{c}' is defined twice" for c in sorted({c for c in codes if codes.count(c) > 1})]
        known = set(codes)
        questions: dict[str, Question] = {}
        for section in self.sections:
            seen_before = set(questions)
            if section.show_if:
                problems += _condition_problems(section.show_if, seen_before, f"section '{section.code}'")
            for q in section.questions:
                if q.code in questions:
                    problems.append(f"question '{q.code}' is defined twice")
                if q.show_if:
                    problems += _condition_problems(q.show_if, set(questions), f"question '{q.code}'")
                questions[q.code] = q
                for code in q.evidence + [c for o in q.options for c in o.evidence]:
                    if code not in known:
                        problems.append(f"question '{q.code}' evidences '{code}', which is not in 'indicators'")
        sections = [s.code for s in self.sections]
        problems += [f"section '{c}' is defined twice" for c in sorted({c for c in sections if sections.count(c) > 1})]
        checks = {
            "trafficking": self._check_trafficking,
            "forced_labour": self._check_forced_labour,
            "vulnerability": self._check_vulnerability,
            "needs": self._check_needs,
        }
        problems += checks[self.kind](questions)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _check_trafficking(self, questions: Mapping[str, Question]) -> list[str]:
        problems: list[str] = []
        if not self.lists:
            problems.append("a trafficking instrument needs 'lists' (adult_labour, adult_sexual, ...)")
        if self.context is None:
            return [*problems, "a trafficking instrument needs 'context' (child, exploitation)"]
        for role, code in self.context.model_dump().items():
            if code is not None and code not in questions:
                problems.append(f"context '{role}' names question '{code}', which does not exist")
        for i in self.indicators:
            if i.dimension is None or not i.grades:
                problems.append(f"indicator '{i.code}' needs a 'dimension' and its 'grades'")
            for lst in [*i.grades, *i.unverified]:
                if lst not in self.lists:
                    problems.append(f"indicator '{i.code}' is graded in list '{lst}', which is not in 'lists'")
        return problems

    def _check_forced_labour(self, questions: Mapping[str, Question]) -> list[str]:
        numbers = sorted(i.number for i in self.indicators if i.number is not None)
        if numbers != list(range(1, 12)):
            return [f"the forced-labour indicators must be numbered 1 to 11 once each (found {numbers})"]
        return []

    def _check_vulnerability(self, questions: Mapping[str, Question]) -> list[str]:
        return [
            f"factor '{i.code}' needs a 'level' and a 'direction' (risk or protective)"
            for i in self.indicators
            if i.level is None or i.direction is None
        ]

    def _check_needs(self, questions: Mapping[str, Question]) -> list[str]:
        problems = [f"need '{i.code}' needs a 'domain'" for i in self.indicators if i.domain is None]
        missing = set(NEED_DOMAINS) - {i.domain for i in self.indicators}
        if missing:
            problems.append(f"no need is listed for the domains {sorted(missing)}")
        for domain in NEED_DOMAINS:
            if f"urgency_{domain}" not in questions:
                problems.append(f"a needs assessment asks the urgency of each domain: 'urgency_{domain}' is missing")
        return problems

    # --- reading ---------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def questions(self) -> Iterator[Question]:
        for s in self.sections:
            yield from s.questions

    def number(self, code: str) -> str:
        """A question's number on the paper form: Q1, Q2, ... in the order asked."""
        for n, q in enumerate(self.questions(), start=1):
            if q.code == code:
                return f"Q{n}"
        return code

    @cached_property
    def question_index(self) -> dict[str, Question]:
        """Questions by code (built once: scoring and validation look questions up for every answer)."""
        return {q.code: q for q in self.questions()}

    @cached_property
    def indicator_index(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def question(self, code: str) -> Question | None:
        return self.question_index.get(code)

    def indicator(self, code: str) -> Indicator | None:
        return self.indicator_index.get(code)

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def visible_sections(self, answers: Mapping[str, Any]) -> list[Section]:
        return [s for s in self.sections if s.show_if is None or s.show_if.holds(answers)]

    def visible_questions(self, section: Section, answers: Mapping[str, Any]) -> list[Question]:
        return [q for q in section.questions if q.show_if is None or q.show_if.holds(answers)]

    def live_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers that count: those to questions the skip logic still shows."""
        live: dict[str, Any] = {}
        for section in self.sections:
            if section.show_if is not None and not section.show_if.holds(live):
                continue
            for q in section.questions:
                if q.code in answers and (q.show_if is None or q.show_if.holds(live)):
                    live[q.code] = answers[q.code]
        return live

    def evidence(self, answers: Mapping[str, Any]) -> dict[str, list[str]]:
        """Indicator code -> the questions whose answers evidence it (skipped questions never count)."""
        found: dict[str, list[str]] = {}
        for code, answer in self.live_answers(answers).items():
            q = self.question(code)
            assert q is not None
            for indicator in q.evidenced_by(answer):
                found.setdefault(indicator, []).append(code)
        return found


def _condition_problems(condition: Condition, earlier: set[str], where: str) -> list[str]:
    return [
        f"{where} depends on '{q}', which is not a question asked before it"
        for q in condition.questions()
        if q not in earlier
    ]


# --- loading ----------------------------------------------------------------------------------------
def where_in(loc: Iterable[Any], data: Any) -> str:
    """A pydantic location made readable: `sections[2] (recruitment) → questions[0] (q_job)`."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            label = node.get("code") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{step}]" + (f" ({label})" if label else "") if parts else f"[{step}]"
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(str(step))
    return " → ".join(parts) or "the top level"


def load(path: Path) -> Instrument:
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise InstrumentError(f"Instrument file {path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InstrumentError(f"Instrument file {path}: expected a mapping of fields at the top level")
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            msg = re.sub(r"^(Value error|Assertion failed), ", "", err["msg"])
            lines.append(f"  - {where_in(err['loc'], data)}: {msg}")
        raise InstrumentError(f"Instrument file {path} is not valid:\n" + "\n".join(lines)) from None
    expected = f"{instrument.code}@{instrument.version}.yaml"
    if path.name != expected:
        raise InstrumentError(f"Instrument file {path}: name it {expected} (its code and version)")
    return instrument.model_copy(update={"digest": hashlib.sha256(raw).hexdigest()})


def instrument_dirs() -> list[Path]:
    return [HERE, *(Path(p) for p in getattr(settings, "SAFEPATH_INSTRUMENT_DIRS", []))]


def load_all(dirs: Iterable[Path]) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.yaml")):
            instrument = load(path)
            if instrument.key in found:
                raise InstrumentError(f"Instrument file {path}: {instrument.key} is defined twice")
            found[instrument.key] = instrument
    if not found:
        raise InstrumentError(f"No instrument files found in {', '.join(str(d) for d in dirs)}")
    return found


@cache
def registry() -> dict[str, Instrument]:
    return load_all(instrument_dirs())


def released_digests() -> dict[str, str]:
    return dict(json.loads(RELEASED.read_text())) if RELEASED.exists() else {}


def changed_after_release() -> list[str]:
    """Released versions whose file no longer matches the digest recorded when they were released."""
    pinned = released_digests()
    return sorted(k for k, i in registry().items() if k in pinned and pinned[k] != i.digest)


def current(code: str) -> Instrument:
    """The newest version of an instrument, for a new assessment."""
    versions = [i for i in registry().values() if i.code == code]
    if not versions:
        raise KeyError(code)
    return max(versions, key=lambda i: tuple(int(p) for p in i.version.split(".")))


def get(code: str, version: str) -> Instrument:
    return registry()[f"{code}@{version}"]


def current_all() -> list[Instrument]:
    order = {"trafficking": 0, "forced_labour": 1, "vulnerability": 2, "needs": 3}
    return sorted({i.code: current(i.code) for i in registry().values()}.values(), key=lambda i: order[i.kind])
