"""The fee check: is what a recruiter asks above the legal cap for this destination and programme?

The caps are dated data with their sources (`data/fee_rules.yaml`), validated when SafePath
starts. Every figure is marked UNVERIFIED until it has been read from Circular 21/2021/TT-BLĐTBXH
(domain reference §5.2 and §8); the result carries that mark and the screen must show it.

The check is pure: nothing is read from or written to the database, nothing the person typed is
kept. Amounts in different currencies are compared through a small dated table of approximate
reference rates in the same file, and the result says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal, Self

import pycountry
import yaml
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

from safepath.core import validate as v

DATA = Path(__file__).resolve().parent / "data"
FEE_RULES = DATA / "fee_rules.yaml"
COUNTRIES = Path(__file__).resolve().parents[1] / "places" / "data" / "countries.json"

MAX_CONTRACT_MONTHS = 120
MAX_AMOUNT = Decimal("1000000000000")  # 10^12: more than any salary or fee in any currency here

# Programme codes the data may use, with the words the screen shows. A rule naming another code
# is refused when the file is loaded.
PROGRAMME_LABELS: dict[str, Any] = {
    "general": gettext_lazy("Work through a licensed enterprise (general rule)"),
    "ship_crew": gettext_lazy("Ship crew (fishing or cargo ships)"),
    "eps": gettext_lazy("EPS: the Government's programme for work in Korea"),
    "technical_intern": gettext_lazy("Technical intern (thực tập sinh kỹ năng)"),
    "specified_skilled": gettext_lazy("Specified skilled worker (kỹ năng đặc định)"),
    "factory": gettext_lazy("Factory, construction or farm work"),
    "domestic_worker": gettext_lazy("Domestic helper or home caregiver"),
}
# The order in which programmes are offered on the screen.
_PROGRAMME_ORDER = list(PROGRAMME_LABELS)
# Destinations where online job offers are the usual lure into scam compounds (reference §7).
SCAM_HUB_COUNTRIES = frozenset({"KH", "MM", "LA"})


class FeeDataError(Exception):
    """A broken fee-rules file: the message names the file, where in it and what is wrong."""


# --- the data file -------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    citation: str = Field(min_length=1)
    url: str = ""
    status: Literal["verified", "secondary", "unverified"]
    note: str = ""


class Brokerage(_Strict):
    per_12_months: Decimal = Field(ge=0, le=12)
    max_months: Decimal = Field(ge=0, le=24)


class FeeRule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    destinations: list[str] = Field(min_length=1)
    programme: str
    per_12_months: Decimal = Field(ge=0, le=12)
    max_months: Decimal = Field(ge=0, le=24)
    no_service_fee: bool = False
    brokerage: Brokerage | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None
    sources: list[str] = Field(min_length=1)
    verified: bool
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.programme not in PROGRAMME_LABELS:
            raise ValueError(f"unknown programme '{self.programme}' (known: {', '.join(PROGRAMME_LABELS)})")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("'effective_to' must come after 'effective_from'")
        if self.no_service_fee and (self.per_12_months or self.max_months):
            raise ValueError("a rule with 'no_service_fee' must have per_12_months and max_months 0")
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


class RateTable(_Strict):
    date: dt.date
    base: Literal["VND"]
    status: Literal["verified", "secondary", "unverified"]
    source: str = Field(min_length=1)
    vnd_per_unit: dict[str, Decimal]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        bad = [c for c, r in self.vnd_per_unit.items() if not re.fullmatch(r"[A-Z]{3}", c) or r <= 0]
        if bad:
            raise ValueError(f"currency codes must be 3 capital letters with a positive rate: {', '.join(bad)}")
        if self.vnd_per_unit.get("VND") != 1:
            raise ValueError("the table must have VND: 1")
        return self


class FeeData(_Strict):
    code: str
    version: str
    sources: dict[str, Source]
    regions: dict[str, list[str]]
    reference_rates: RateTable
    rules: list[FeeRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        for region, members in self.regions.items():
            if not re.fullmatch(r"[a-z][a-z_]*", region):
                problems.append(f"region name '{region}' must be lower case")
            problems += [f"region '{region}': '{c}' is not an ISO 3166 country code" for c in members if not _iso2(c)]
        ids = [r.id for r in self.rules]
        problems += [f"two rules with the id '{i}'" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for rule in self.rules:
            problems += [f"rule {rule.id}: unknown source '{s}'" for s in rule.sources if s not in self.sources]
            for d in rule.destinations:
                if d != "*" and d not in self.regions and not _iso2(d):
                    problems.append(f"rule {rule.id}: '{d}' is neither a country code, a region nor '*'")
        # Two rules for the same destination and programme must not be in force on the same day.
        for i, a in enumerate(self.rules):
            for b in self.rules[i + 1 :]:
                shared = set(a.destinations) & set(b.destinations)
                if a.programme == b.programme and shared and _overlap(a, b):
                    problems.append(f"rules {a.id} and {b.id} both cover {sorted(shared)} / {a.programme} at once")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _overlap(a: FeeRule, b: FeeRule) -> bool:
    a_end = a.effective_to or dt.date.max
    b_end = b.effective_to or dt.date.max
    return a.effective_from < b_end and b.effective_from < a_end


@cache
def _iso2(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2}", code)) and pycountry.countries.get(alpha_2=code) is not None


def load_fee_data(path: Path = FEE_RULES) -> FeeData:
    try:
        raw = yaml.safe_load(path.read_bytes())
    except (OSError, yaml.YAMLError) as exc:
        raise FeeDataError(f"Fee rules {path}: cannot be read: {exc}") from exc
    try:
        return FeeData.model_validate(raw)
    except PydanticError as exc:
        lines = [f"  - {' → '.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}" for err in exc.errors()]
        raise FeeDataError(f"Fee rules {path} are not valid:\n" + "\n".join(lines)) from None


@cache
def fee_data() -> FeeData:
    return load_fee_data()


# --- countries -----------------------------------------------------------------------------------


@cache
def _names_vi() -> dict[str, str]:
    try:
        return dict(json.loads(COUNTRIES.read_text(encoding="utf-8")).get("names_vi", {}))
    except (OSError, ValueError):
        return {}


def country_name(code: str) -> str:
    """The country's name in the active language (Vietnamese names as the places app has them)."""
    if _vi() and code in _names_vi():
        return _names_vi()[code]
    if code == "TW":
        return "Taiwan"
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or getattr(country, "name", code)) if country else code


# --- rules ---------------------------------------------------------------------------------------


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _specificity(rule: FeeRule, destination: str, data: FeeData) -> int:
    """2 when the rule names the country, 1 when it names its region, 0 for '*', -1 when it does not apply."""
    if destination in rule.destinations:
        return 2
    if any(destination in data.regions.get(d, ()) for d in rule.destinations):
        return 1
    return 0 if "*" in rule.destinations else -1


def _rules_for(destination: str, on: dt.date, data: FeeData) -> dict[str, FeeRule]:
    """programme -> the most specific rule in force for this destination."""
    best: dict[str, tuple[int, FeeRule]] = {}
    for rule in data.rules:
        level = _specificity(rule, destination, data)
        if level < 0 or not rule.in_force(on):
            continue
        if rule.programme not in best or level > best[rule.programme][0]:
            best[rule.programme] = (level, rule)
    return {p: r for p, (_level, r) in best.items()}


def programmes_for(destination: str, *, on: dt.date | None = None) -> list[tuple[str, str]]:
    """The programmes the fee check knows for a destination (ISO 3166 alpha-2), as (code, label)."""
    code = str(destination or "").strip().upper()
    if not _iso2(code) or code == "VN":
        return []
    found = _rules_for(code, on or _today(), fee_data())
    return [(p, str(PROGRAMME_LABELS[p])) for p in _PROGRAMME_ORDER if p in found]


def fee_rule(destination: str, programme: str, *, on: dt.date | None = None) -> FeeRule | None:
    return _rules_for(destination.upper(), on or _today(), fee_data()).get(programme)


# --- amounts and currencies ----------------------------------------------------------------------

_ZERO_DECIMAL_CURRENCIES = frozenset({"VND", "JPY", "KRW", "HUF"})


def parse_amount(value: Any) -> Decimal | None:
    """A money amount as typed: Decimal, int, '25000000', '25.000.000' (Vietnamese), '1,500.50', '1.500,5'.

    None when it is not a number. Floats are accepted through their text form.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = re.sub(r"[\s\u00a0_']", "", value)
    if not text or not re.fullmatch(r"[+-]?[\d.,]+", text) or not re.search(r"\d", text):
        return None
    if "." in text and "," in text:
        # The later mark is the decimal mark.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # 25.000.000 or 1.500: Vietnamese thousands
    elif text.count(",") > 1 or re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")  # 25,000,000 or 1,500
    else:
        text = text.replace(",", ".")  # 1,5
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def convert(amount: Decimal, from_currency: str, to_currency: str, *, data: FeeData | None = None) -> Decimal:
    """An amount in another currency through the reference table (VND in between)."""
    if from_currency == to_currency:
        return amount
    rates = (data or fee_data()).reference_rates.vnd_per_unit
    return amount * rates[from_currency] / rates[to_currency]


def _round(amount: Decimal, currency: str) -> Decimal:
    step = Decimal("1") if currency in _ZERO_DECIMAL_CURRENCIES else Decimal("0.01")
    return amount.quantize(step, rounding=ROUND_HALF_UP)


def _vi() -> bool:
    return (get_language() or "vi").startswith("vi")


def format_number(value: Decimal, places: int) -> str:
    """Grouped digits in the reader's way: 26.300.000,5 in Vietnamese, 26,300,000.5 in English."""
    text = f"{value:,.{places}f}"
    if _vi():
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_day(day: dt.date) -> str:
    """2/11/2026 in Vietnamese (day/month/year), 2 Nov 2026 in English."""
    return f"{day.day}/{day.month}/{day.year}" if _vi() else f"{day.day} {day:%b} {day.year}"


def format_money(amount: Decimal, currency: str) -> str:
    """'26.300.000 VND' in Vietnamese, '26,300,000 VND' in English; cents only where there are some."""
    rounded = _round(amount, currency)
    places = 0 if rounded == rounded.to_integral_value() else 2
    return f"{format_number(rounded, places)} {currency}"


def format_months(months: Decimal) -> str:
    value = months.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else (1 if value * 10 == (value * 10).to_integral_value() else 2)
    return format_number(value, places)


def currencies() -> list[str]:
    return sorted(fee_data().reference_rates.vnd_per_unit)


# --- the check -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeResult:
    """The answer of the fee check. Amounts in `fee_currency` unless the name says VND."""

    destination: str
    destination_name: str
    programme: str
    programme_label: str
    contract_months: int
    monthly_salary: Decimal
    salary_currency: str
    fee_asked: Decimal
    fee_currency: str
    no_service_fee: bool
    cap_months: Decimal  # the service-fee cap in months of contract salary, for this contract length
    cap_amount: Decimal  # the service-fee cap in fee_currency
    brokerage_cap_months: Decimal | None  # None: the data has no brokerage cap for this market
    brokerage_cap_amount: Decimal | None
    total_cap_amount: Decimal  # service fee + brokerage (where the data has a cap)
    exceeds: bool
    over_by: Decimal  # how much the fee asked is above total_cap_amount (0 when it is not)
    fee_asked_vnd: Decimal
    cap_amount_vnd: Decimal
    converted: bool  # True when currencies differed and the reference rates were used
    rates_date: dt.date
    rates_source: str
    explanation: str
    notes: list[str]
    warnings: list[str]
    rule_id: str
    rule_note: str
    effective_from: dt.date
    verified: bool
    sources: list[Source] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The citations of the rule, one line."""
        return "; ".join(s.citation for s in self.sources)

    @property
    def unverified_notice(self) -> str:
        if self.verified:
            return ""
        return _(
            "UNVERIFIED: these figures follow Law 69/2020/QH14 and Circular 21/2021/TT-BLĐTBXH but have not yet "
            "been checked against the published text. Ask the Department of Overseas Labour or a migrant "
            "resource centre before relying on them."
        )


def _plural(value: Decimal) -> int:
    """The number ngettext chooses the form by: 1 only for exactly one (1.5 months is plural)."""
    return 1 if value == 1 else 2


def _amount(e: v.Errors, name: str, value: Any, *, allow_zero: bool) -> Decimal:
    if value in (None, ""):
        e.add(name, _("This field is required."))
        return Decimal(0)
    amount = parse_amount(value)
    if amount is None:
        e.add(name, _("Enter an amount in figures, for example 25000000."))
        return Decimal(0)
    if amount < 0 or (amount == 0 and not allow_zero):
        e.add(name, _("Enter an amount greater than zero.") if not allow_zero else _("The amount cannot be negative."))
        return Decimal(0)
    if amount > MAX_AMOUNT:
        e.add(name, _("This amount is too large. Check the number of zeros."))
        return Decimal(0)
    return amount


def _currency(e: v.Errors, name: str, value: Any, data: FeeData) -> str:
    code = str(value or "").strip().upper()
    if not code:
        e.add(name, _("This field is required."))
    elif code not in data.reference_rates.vnd_per_unit:
        e.add(name, _("Choose one of the listed currencies."))
        return ""
    return code


def fee_check(
    *,
    destination: str,
    programme: str,
    contract_months: int | str,
    monthly_salary: Decimal | str,
    currency: str,
    fee_asked: Decimal | str,
    fee_currency: str,
    on: dt.date | None = None,
) -> FeeResult:
    """Compare a fee asked with the service-fee cap for this destination, programme and contract.

    Raises ValidationError({field: [message]}) for bad input, with every problem at once. The field
    keys are the argument names. Nothing is stored.
    """
    data = fee_data()
    day = on or _today()
    e = v.Errors()
    dest = str(destination or "").strip().upper()
    if not dest:
        e.add("destination", _("This field is required."))
    elif dest == "VN":
        e.add("destination", _("Choose the country where the work would be."))
    elif not _iso2(dest):
        e.add("destination", _("Choose a country from the list."))
    rules = _rules_for(dest, day, data) if dest and _iso2(dest) and dest != "VN" else {}
    prog = str(programme or "").strip()
    if not prog:
        e.add("programme", _("This field is required."))
    elif dest and _iso2(dest) and dest != "VN" and not rules:
        e.add("programme", _("The fee check has no rule in force on this date."))
    elif rules and prog not in rules:
        e.add("programme", _("Choose one of the programmes listed for this country."))
    months: int | None = None
    if contract_months is None or contract_months == "":
        e.add("contract_months", _("This field is required."))
    else:
        try:
            months = int(str(contract_months).strip())
        except ValueError:
            e.add("contract_months", _("Enter the contract length as a whole number of months."))
        else:
            if not 1 <= months <= MAX_CONTRACT_MONTHS:
                e.add(
                    "contract_months",
                    _("Enter a contract length between 1 and %(max)s months.") % {"max": MAX_CONTRACT_MONTHS},
                )
                months = None
    salary = _amount(e, "monthly_salary", monthly_salary, allow_zero=False)
    salary_currency = _currency(e, "currency", currency, data)
    fee = _amount(e, "fee_asked", fee_asked, allow_zero=True)
    fee_cur = _currency(e, "fee_currency", fee_currency, data)
    e.raise_if_any()
    assert months is not None
    rule = rules[prog]
    rates = data.reference_rates

    if rule.no_service_fee:
        cap_months = Decimal(0)
    else:
        cap_months = min(rule.per_12_months * Decimal(months) / Decimal(12), rule.max_months)
    salary_in_fee_cur = convert(salary, salary_currency, fee_cur, data=data)
    cap_amount = _round(salary_in_fee_cur * cap_months, fee_cur)
    brokerage_months: Decimal | None = None
    brokerage_amount: Decimal | None = None
    if rule.brokerage is not None:
        brokerage_months = min(rule.brokerage.per_12_months * Decimal(months) / Decimal(12), rule.brokerage.max_months)
        brokerage_amount = _round(salary_in_fee_cur * brokerage_months, fee_cur)
    total_cap = cap_amount + (brokerage_amount or Decimal(0))
    fee_rounded = _round(fee, fee_cur)
    exceeds = fee_rounded > total_cap
    over_by = fee_rounded - total_cap if exceeds else Decimal(0)
    converted = salary_currency != fee_cur
    to_vnd = rates.vnd_per_unit

    country = country_name(dest)
    label = str(PROGRAMME_LABELS[prog])
    values = {
        "country": country,
        "programme": label,
        "months": months,
        "per12": format_months(rule.per_12_months),
        "max": format_months(rule.max_months),
        "cap_months": format_months(cap_months),
        "salary": format_money(salary, salary_currency),
        "cap": format_money(cap_amount, fee_cur),
        "total": format_money(total_cap, fee_cur),
        "fee": format_money(fee_rounded, fee_cur),
        "over": format_money(over_by, fee_cur),
    }
    notes: list[str] = []
    if rule.no_service_fee:
        parts = [
            _(
                "This programme is run by the Government through the Centre of Overseas Labour. No company or "
                "person may charge a service fee for it: you pay only the fixed costs the Centre announces, to "
                "the Centre, against a receipt."
            )
        ]
        if exceeds:
            parts.append(
                _(
                    "If the %(fee)s you were asked for is to be paid to a company, a broker or a private person, "
                    "it is not allowed. Do not pay it: apply only through the Centre's own announcements."
                )
                % values
            )
    else:
        parts = [
            ngettext(
                "In %(country)s, for this programme, the service fee may be at most %(per12)s month of contract "
                "salary for each 12 months of work, and at most %(max)s months in all.",
                "In %(country)s, for this programme, the service fee may be at most %(per12)s months of contract "
                "salary for each 12 months of work, and at most %(max)s months in all.",
                _plural(rule.per_12_months),
            )
            % values,
            ngettext(
                "For a %(months)s-month contract paying %(salary)s a month, that is %(cap_months)s month of "
                "salary: %(cap)s.",
                "For a %(months)s-month contract paying %(salary)s a month, that is %(cap_months)s months of "
                "salary: %(cap)s.",
                _plural(cap_months),
            )
            % values,
        ]
        if brokerage_amount is not None:
            parts.append(
                _("Brokerage may be charged on top, up to %(brokerage)s, so at most %(total)s in all.")
                % {**values, "brokerage": format_money(brokerage_amount, fee_cur)}
            )
        if exceeds:
            parts.append(
                _(
                    "The %(fee)s you were asked for is %(over)s above this cap. A licensed enterprise may not "
                    "charge more. Ask for the contract and a written list of every cost, and do not pay "
                    "before you have them."
                )
                % values
            )
        else:
            parts.append(
                _(
                    "The %(fee)s you were asked for is within this cap. It must be written in the contract "
                    "and paid against a receipt."
                )
                % values
            )
        notes.append(
            _(
                "The cap counts the salary written in the contract, without overtime. It covers the service "
                "fee only: the air ticket, visa, health check and training are separate costs that must be "
                "listed in the contract with receipts. If the amount you typed includes them, ask for each "
                "cost in writing."
            )
        )
        if brokerage_amount is None:
            notes.append(
                _(
                    "Some markets also allow brokerage under its own cap. SafePath does not have the confirmed "
                    "figure for this market yet."
                )
            )
    if converted or fee_cur != "VND":
        notes.append(
            _(
                "Amounts in different currencies were compared with approximate reference rates of %(date)s, "
                "not a bank rate."
            )
            % {"date": format_day(rates.date)}
        )
    warnings: list[str] = []
    if dest in SCAM_HUB_COUNTRIES:
        warnings.append(
            _(
                "Job offers for %(country)s found online, especially for online sales, customer care, typing "
                "or casino work, are a common lure into scam compounds where people are held and forced to "
                "work. Check the offer with the job-offer check and talk to a migrant resource centre before "
                "going."
            )
            % values
        )
    return FeeResult(
        destination=dest,
        destination_name=country,
        programme=prog,
        programme_label=label,
        contract_months=months,
        monthly_salary=salary,
        salary_currency=salary_currency,
        fee_asked=fee_rounded,
        fee_currency=fee_cur,
        no_service_fee=rule.no_service_fee,
        cap_months=cap_months,
        cap_amount=cap_amount,
        brokerage_cap_months=brokerage_months,
        brokerage_cap_amount=brokerage_amount,
        total_cap_amount=total_cap,
        exceeds=exceeds,
        over_by=over_by,
        fee_asked_vnd=_round(fee_rounded * to_vnd[fee_cur], "VND"),
        cap_amount_vnd=_round(total_cap * to_vnd[fee_cur], "VND"),
        converted=converted,
        rates_date=rates.date,
        rates_source=rates.source,
        explanation=" ".join(parts),
        notes=notes,
        warnings=warnings,
        rule_id=rule.id,
        rule_note=rule.note,
        effective_from=rule.effective_from,
        verified=rule.verified and all(data.sources[s].status == "verified" for s in rule.sources),
        sources=[data.sources[s] for s in rule.sources],
    )
