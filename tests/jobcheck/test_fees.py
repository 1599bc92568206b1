from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safepath.jobcheck import fees
from safepath.jobcheck.fees import FeeDataError, fee_check, load_fee_data, parse_amount, programmes_for


@pytest.fixture(autouse=True)
def _english():
    """The explanations are asserted in English (the Vietnamese is the catalogue's, tested there)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def check(**overrides):
    data = {
        "destination": "MY",
        "programme": "general",
        "contract_months": 24,
        "monthly_salary": Decimal("1000"),
        "currency": "USD",
        "fee_asked": Decimal("1500"),
        "fee_currency": "USD",
    }
    data.update(overrides)
    return fee_check(**data)


def test_cap_is_pro_rata_one_month_per_twelve():
    r = check(contract_months=24, fee_asked=Decimal("1500"))
    assert r.cap_months == Decimal(2)
    assert r.cap_amount == Decimal("2000.00")
    assert not r.exceeds and r.over_by == 0
    assert check(contract_months=6, fee_asked=Decimal("0")).cap_months == Decimal("0.5")


def test_fee_above_the_cap_says_by_how_much():
    r = check(contract_months=24, fee_asked=Decimal("2500"))
    assert r.exceeds is True
    assert r.over_by == Decimal("500.00")
    assert "500" in r.explanation and "above this cap" in r.explanation


@pytest.mark.parametrize(("months", "cap"), [(36, "3"), (48, "3"), (60, "3"), (35, "2.916666666666666666666666667")])
def test_contracts_of_36_months_or_more_are_capped_at_three_months(months, cap):
    assert check(contract_months=months).cap_months == Decimal(cap)


@pytest.mark.parametrize(("months", "cap"), [(12, "1.5"), (24, "3"), (36, "4.5"), (48, "4.5")])
def test_ship_crew_get_one_and_a_half_months_per_twelve_at_most_four_and_a_half(months, cap):
    r = check(destination="TW", programme="ship_crew", contract_months=months)
    assert r.cap_months == Decimal(cap)
    assert r.rule_id == "any-ship-crew-2022"


def test_korea_eps_allows_no_private_service_fee():
    free = check(destination="KR", programme="eps", contract_months=58, fee_asked="0", fee_currency="VND")
    assert free.no_service_fee and not free.exceeds and free.cap_amount == 0
    assert "Centre of Overseas Labour" in free.explanation
    asked = check(destination="KR", programme="eps", contract_months=58, fee_asked="70000000", fee_currency="VND")
    assert asked.exceeds and asked.over_by == Decimal("70000000")
    assert "not allowed" in asked.explanation


def test_currencies_are_converted_with_the_dated_reference_rates():
    rates = fees.fee_data().reference_rates
    r = check(
        destination="TW",
        programme="factory",
        contract_months=36,
        monthly_salary="27.470",
        currency="TWD",
        fee_asked="150.000.000",
        fee_currency="VND",
    )
    expected_cap = (Decimal(27470) * rates.vnd_per_unit["TWD"] * 3).quantize(Decimal(1))
    assert r.converted is True
    assert r.cap_amount == expected_cap
    assert r.exceeds is (Decimal(150_000_000) > expected_cap)
    assert r.rates_date == rates.date
    assert any("reference rates" in n for n in r.notes)
    # Same currency: no conversion said.
    same = check(currency="VND", monthly_salary="20000000", fee_currency="VND", fee_asked="1")
    assert same.converted is False and not any("reference rates" in n for n in same.notes)


def test_result_carries_rule_source_date_and_unverified_mark():
    r = check()
    assert r.verified is False
    assert "UNVERIFIED" in r.unverified_notice
    assert "69/2020/QH14" in r.source and "21/2021/TT-BLĐTBXH" in r.source
    assert r.effective_from == dt.date(2022, 1, 1)
    assert r.rule_id == "my-general-2022"


@pytest.mark.parametrize(
    ("destination", "programme", "rule"),
    [
        ("SA", "domestic_worker", "me-domestic-2022"),
        ("AE", "general", "me-general-2022"),
        ("DE", "general", "eu-general-2022"),
        ("TH", "general", "any-general-2022"),
        ("JP", "technical_intern", "jp-technical-intern-2022"),
    ],
)
def test_the_most_specific_rule_applies(destination, programme, rule):
    assert check(destination=destination, programme=programme).rule_id == rule


def test_programmes_for_each_destination():
    assert [c for c, _label in programmes_for("JP")] == [
        "general",
        "ship_crew",
        "technical_intern",
        "specified_skilled",
    ]
    assert "eps" in dict(programmes_for("kr"))
    assert "domestic_worker" in dict(programmes_for("SA"))
    assert "eps" not in dict(programmes_for("JP"))
    assert programmes_for("XX") == [] and programmes_for("VN") == [] and programmes_for("") == []
    assert programmes_for("JP", on=dt.date(2021, 12, 31)) == []


def test_scam_hub_destination_adds_a_warning():
    assert check(destination="KH").warnings
    assert not check(destination="MY").warnings


def test_bad_input_names_every_field():
    with pytest.raises(ValidationError) as exc:
        fee_check(
            destination="XX",
            programme="",
            contract_months="abc",
            monthly_salary="-5",
            currency="ZZZ",
            fee_asked="lots",
            fee_currency="",
        )
    assert set(exc.value.message_dict) == {
        "destination",
        "programme",
        "contract_months",
        "monthly_salary",
        "currency",
        "fee_asked",
        "fee_currency",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"destination": "VN"}, "destination"),
        ({"destination": "JP", "programme": "eps"}, "programme"),
        ({"contract_months": 0}, "contract_months"),
        ({"contract_months": 121}, "contract_months"),
        ({"monthly_salary": "0"}, "monthly_salary"),
        ({"fee_asked": "-1"}, "fee_asked"),
        ({"fee_asked": "1" + "0" * 15}, "fee_asked"),
        ({"on": dt.date(2020, 1, 1)}, "programme"),
    ],
)
def test_one_bad_field(overrides, field):
    with pytest.raises(ValidationError) as exc:
        check(**overrides)
    assert list(exc.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25000000", "25000000"),
        ("25.000.000", "25000000"),
        ("25,000,000", "25000000"),
        ("1.500", "1500"),
        ("1,5", "1.5"),
        ("1.500,50", "1500.50"),
        ("1,500.50", "1500.50"),
        (" 27 470 ", "27470"),
        (Decimal("3.5"), "3.5"),
        (12, "12"),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5x", None, True, "NaN", "--5"])
def test_parse_amount_refuses(text):
    assert parse_amount(text) is None


def test_amounts_are_written_the_vietnamese_way_in_vietnamese():
    with translation.override("vi"):
        r = check(currency="VND", monthly_salary="20000000", fee_currency="VND", fee_asked="70000000")
        assert "40.000.000 VND" in r.explanation
    with translation.override("en"):
        r = check(currency="VND", monthly_salary="20000000", fee_currency="VND", fee_asked="70000000")
        assert "40,000,000 VND" in r.explanation


def test_brokerage_cap_is_added_where_the_data_has_one(tmp_path, monkeypatch):
    text = fees.FEE_RULES.read_text(encoding="utf-8").replace(
        "programme: factory\n    per_12_months: 1\n    max_months: 3\n    brokerage: null",
        "programme: factory\n    per_12_months: 1\n    max_months: 3\n    brokerage: {per_12_months: 1, max_months: 1.5}",
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(fees, "fee_data", lambda: load_fee_data(path))
    r = check(destination="TW", programme="factory", contract_months=36, fee_asked="4200")
    assert r.cap_amount == Decimal("3000.00")
    assert r.brokerage_cap_months == Decimal("1.5") and r.brokerage_cap_amount == Decimal("1500.00")
    assert r.total_cap_amount == Decimal("4500.00") and not r.exceeds


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("programme: eps", "programme: lottery", "unknown programme"),
        ("destinations: [KR]", "destinations: [ZZ]", "neither a country code"),
        ("sources: [eps, law69]", "sources: [eps, nowhere]", "unknown source"),
        ("id: my-general-2022\n    destinations: [MY]", 'id: my-general-2022\n    destinations: ["*"]', "both cover"),
        ("    VND: 1\n", "    VND: 2\n", "VND: 1"),
    ],
)
def test_broken_rule_files_are_refused_with_a_reason(tmp_path, old, new, message):
    text = fees.FEE_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FeeDataError, match=message):
        load_fee_data(path)


def test_shipped_rule_file_is_valid_and_unverified():
    data = load_fee_data()
    assert all(not r.verified for r in data.rules)
    assert {s.status for s in data.sources.values()} == {"unverified"}
