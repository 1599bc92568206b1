"""Reintegration indicator sets: versioned YAML files, validated when SafePath starts.

A set holds the 15 MEASURE indicator themes in three dimensions (economic, social, psychosocial),
the question a worker asks for each with its answer options and points (Vietnamese and English),
and the weights of each indicator within its dimension and of each dimension in the composite score.
The files live in `reintegration/indicators/`, one per version, named `<code>-<version>.yaml`.

SafePath ships `safepath-default-2026.1.yaml` with its own documented default weights (`source:
safepath`); the screens say "SafePath default weights, not IOM's published weights" wherever a
score is shown. IOM's published weights are loaded by adding a file with a higher version and
`source: iom`: it becomes the current set for new plans, and screens showing scores made on it no
longer call the weights a default. A visit records the key of the set it was scored on.

`load()` turns a broken file into `IndicatorError` naming the file, the place in it and what to fix;
`registry()` is loaded once per process from `ReintegrationConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from safepath.screening.instruments import Source, Text, where_in

HERE = Path(__file__).resolve().parent / "indicators"
RELEASED = HERE / "released.json"  # the digest of every released set: visits were scored on these exact files
DIMENSIONS: tuple[str, ...] = ("economic", "social", "psychosocial")
THEMES = 15  # MEASURE defines 15 indicators (reference.md §4, VERIFIED)
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
DimensionCode = Literal["economic", "social", "psychosocial"]
Status = Literal["verified", "secondary", "unverified"]


class IndicatorError(Exception):
    """A broken indicator file: the message names the file, where in it, and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Strict):
    value: Code
    label: Text
    # None: the answer leaves the question unanswered (does not know, prefers not to say, not applicable).
    points: float | None = Field(ge=0)


class Question(_Strict):
    code: Code
    text: Text
    guidance: Text | None = None
    weight: float = Field(default=1, gt=0)
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _shape(self) -> Self:
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"question '{self.code}' has two options with the same value")
        if not any(o.points for o in self.options):
            raise ValueError(f"question '{self.code}' needs an option with points above 0")
        return self

    @property
    def max_points(self) -> float:
        return max(o.points or 0 for o in self.options)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Dimension(_Strict):
    code: DimensionCode
    label: Text
    weight: float = Field(gt=0)
    reason: Text


class Indicator(_Strict):
    code: Code
    dimension: DimensionCode
    label: Text
    theme_status: Status  # whether the theme itself is verified as one of IOM's 15 (reference.md §4)
    weight: float = Field(gt=0)
    reason: Text
    questions: list[Question] = Field(min_length=1)


class IndicatorSet(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*[a-z0-9]$", max_length=40)]
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d+$")]
    source: Literal["safepath", "iom"]
    published: dt.date
    min_coverage: float = Field(ge=0, le=1)
    title: Text
    description: Text
    weights_note: Text
    sources: list[Source] = Field(min_length=1)
    dimensions: list[Dimension]
    indicators: list[Indicator]
    digest: str = ""  # SHA-256 of the file, filled in by the loader

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        dims = [d.code for d in self.dimensions]
        if sorted(dims) != sorted(DIMENSIONS):
            problems.append(f"'dimensions' must list economic, social and psychosocial once each (found {dims})")
        codes = [i.code for i in self.indicators]
        problems += [f"indicator '{c}' is defined twice" for c in sorted({c for c in codes if codes.count(c) > 1})]
        if len(self.indicators) != THEMES:
            problems.append(f"a set has the {THEMES} MEASURE indicators (found {len(self.indicators)})")
        for d in DIMENSIONS:
            if not any(i.dimension == d for i in self.indicators):
                problems.append(f"no indicator in the {d} dimension")
        questions = [q.code for i in self.indicators for q in i.questions]
        problems += [
            f"question '{c}' is defined twice" for c in sorted({c for c in questions if questions.count(c) > 1})
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- reading ---------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """What a plan and a visit record: `safepath-default-2026.1`."""
        return f"{self.code}-{self.version}"

    @property
    def is_default(self) -> bool:
        """SafePath's own weights, not IOM's published ones: the screens say so."""
        return self.source != "iom"

    def dimension(self, code: str) -> Dimension:
        return next(d for d in self.dimensions if d.code == code)

    def in_dimension(self, code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.dimension == code]

    def questions(self) -> Iterator[Question]:
        for i in self.indicators:
            yield from i.questions

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions() if q.code == code), None)


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


# --- loading ----------------------------------------------------------------------------------------
def load(path: Path) -> IndicatorSet:
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise IndicatorError(f"Indicator file {path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise IndicatorError(f"Indicator file {path}: expected a mapping of fields at the top level")
    try:
        found = IndicatorSet.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            msg = re.sub(r"^(Value error|Assertion failed), ", "", err["msg"])
            lines.append(f"  - {where_in(err['loc'], data)}: {msg}")
        raise IndicatorError(f"Indicator file {path} is not valid:\n" + "\n".join(lines)) from None
    expected = f"{found.key}.yaml"
    if path.name != expected:
        raise IndicatorError(f"Indicator file {path}: name it {expected} (its code and version)")
    return found.model_copy(update={"digest": hashlib.sha256(raw).hexdigest()})


def load_all(dirs: Iterable[Path]) -> dict[str, IndicatorSet]:
    """Every set in these folders by key. Versions are unique across codes, so "the highest" is one set."""
    found: dict[str, IndicatorSet] = {}
    versions: dict[str, str] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.yaml")):
            s = load(path)
            if s.key in found:
                raise IndicatorError(f"Indicator file {path}: {s.key} is defined twice")
            if s.version in versions:
                raise IndicatorError(
                    f"Indicator file {path}: version {s.version} is already used by {versions[s.version]}; "
                    "give the new set a higher version"
                )
            found[s.key] = s
            versions[s.version] = s.key
    if not found:
        raise IndicatorError(f"No indicator files found in {', '.join(str(d) for d in dirs)}")
    return found


@cache
def registry() -> dict[str, IndicatorSet]:
    return load_all([HERE])


def current() -> IndicatorSet:
    """The set with the highest version: the one new plans are scored on."""
    return max(registry().values(), key=lambda s: version_tuple(s.version))


def get(key: str) -> IndicatorSet:
    """The set a plan or visit was scored on (KeyError when no file holds it: never delete a used set)."""
    return registry()[key]


def released_digests() -> dict[str, str]:
    return dict(json.loads(RELEASED.read_text())) if RELEASED.exists() else {}


def changed_after_release() -> list[str]:
    """Released sets whose file no longer matches the digest recorded when they were released."""
    pinned = released_digests()
    return sorted(k for k, s in registry().items() if k in pinned and pinned[k] != s.digest)
