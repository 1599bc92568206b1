"""The indicator file (`data/indicators.yaml`), read and checked once.

Every name in the file is checked against `sources`: an unknown source, measure, condition or
dimension is an error at load time (and in the test suite), not a wrong figure later.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from safepath.reports import sources as src
from safepath.reports.interop import DHIS2_UID, normalise_hxl_tag

INDICATOR_FILE: Final = Path(__file__).parent / "data" / "indicators.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    vi: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "vi").startswith("en") else self.vi


class Where(_Strict):
    conditions: tuple[str, ...] = ()
    codes: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # dimension -> codes


class Count(_Strict):
    source: str
    measure: str = "count"
    where: Where = Field(default_factory=Where)

    @model_validator(mode="after")
    def _known(self) -> Count:
        source = src.get_source(self.source)
        if self.measure not in source.measures:
            raise ValueError(f"source {self.source!r} has no measure {self.measure!r}")
        for name in self.where.conditions:
            if name not in source.conditions:
                raise ValueError(f"source {self.source!r} has no condition {name!r}")
        for dim in self.where.codes:
            if dim not in source.dimensions:
                raise ValueError(f"source {self.source!r} has no dimension {dim!r}")
        return self

    @property
    def kind(self) -> str:
        return src.get_source(self.source).measures[self.measure].kind


class Target(_Strict):
    programme: str
    value: float
    verified: bool = False
    source: str = ""


class Programme(_Strict):
    name: Text
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""


class Indicator(_Strict):
    code: str
    programmes: tuple[str, ...]
    name: Text
    description: Text | None = None
    unit: Literal["count", "percent", "mean"]
    numerator: Count
    denominator: Count | None = None
    disaggregations: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    dhis2: str
    hxl: str
    suppress: bool = True

    @field_validator("dhis2")
    @classmethod
    def _uid(cls, value: str) -> str:
        if not DHIS2_UID.fullmatch(value):
            raise ValueError(f"{value!r} is not a DHIS2 UID (11 characters, a letter first)")
        return value

    @field_validator("hxl")
    @classmethod
    def _hxl(cls, value: str) -> str:
        return normalise_hxl_tag(value)

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if (self.unit == "percent") != (self.denominator is not None):
            raise ValueError(f"{self.code}: a percentage needs a denominator, and only a percentage has one")
        if self.unit == "mean" and self.numerator.kind != "mean":
            raise ValueError(f"{self.code}: unit 'mean' needs an average measure")
        if self.unit != "mean" and self.numerator.kind == "mean":
            raise ValueError(f"{self.code}: an average measure needs unit 'mean'")
        numerator = src.get_source(self.numerator.source)
        for dim in self.disaggregations:
            if dim not in numerator.dimensions:
                raise ValueError(f"{self.code}: source {numerator.key!r} has no dimension {dim!r}")
            if self.denominator is not None:
                denominator = src.get_source(self.denominator.source)
                if dim not in denominator.dimensions:
                    raise ValueError(f"{self.code}: source {denominator.key!r} has no dimension {dim!r}")
        return self

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"

    def target_for(self, programme: str) -> Target | None:
        return next((t for t in self.targets if t.programme == programme), None)


class IndicatorFile(_Strict):
    version: str
    programmes: dict[str, Programme]
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _references(self) -> IndicatorFile:
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError("an indicator code is used twice")
        uids = [i.dhis2 for i in self.indicators]
        if len(set(uids)) != len(uids):
            raise ValueError("a DHIS2 UID is used twice")
        for indicator in self.indicators:
            for programme in (*indicator.programmes, *(t.programme for t in indicator.targets)):
                if programme not in self.programmes:
                    raise ValueError(f"{indicator.code}: unknown programme {programme!r}")
        return self

    def get(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def of_programme(self, programme: str) -> list[Indicator]:
        return [i for i in self.indicators if programme in i.programmes]


def parse(data: Any) -> IndicatorFile:
    return IndicatorFile.model_validate(data)


@functools.cache
def load(path: str = str(INDICATOR_FILE)) -> IndicatorFile:
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def get(code: str) -> Indicator:
    return load().get(code)
