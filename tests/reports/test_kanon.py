"""k-anonymous case-level release: hierarchies, the search, the deny-list and properties."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safepath.reports import kanon
from safepath.reports.kanon import (
    AGE_BANDS,
    AGE_HIERARCHY,
    COUNTRY_HIERARCHY,
    CTDC_FLAGS,
    DEFAULT_QIS,
    GENDER_HIERARCHY,
    PROVINCE_HIERARCHY,
    PROVINCE_REGIONS,
    YEAR_HIERARCHY,
    is_denied,
    k_anonymise,
    min_class_size,
)

PLACES = Path(kanon.__file__).resolve().parents[1] / "places" / "data" / "legacy_provinces.json"


# --- hierarchies -------------------------------------------------------------------------------------


def test_age_hierarchy_follows_the_ctdc_bands():
    assert [AGE_HIERARCHY.generalise("21--23", level) for level in range(4)] == ["21--23", "18--29", "18+", "*"]
    assert [AGE_HIERARCHY.generalise("9--17", level) for level in range(4)] == ["9--17", "0--17", "0--17", "*"]
    assert AGE_HIERARCHY.generalise("09--17", 0) == "9--17"
    assert [AGE_HIERARCHY.generalise("39--47", level) for level in range(3)] == ["39--47", "30--47", "18+"]
    assert AGE_HIERARCHY.generalise("48+", 1) == "48+"
    assert AGE_HIERARCHY.generalise(None, 2) == "-99"
    assert AGE_HIERARCHY.generalise("-99", 3) == "*"
    with pytest.raises(ValueError, match="not a CTDC age band"):
        AGE_HIERARCHY.generalise("18--25", 0)


def test_year_hierarchy():
    assert [YEAR_HIERARCHY.generalise(2024, level) for level in range(4)] == ["2024", "2024--2025", "2021--2025", "*"]
    assert YEAR_HIERARCHY.generalise("2026", 2) == "2026--2030"
    assert YEAR_HIERARCHY.generalise("2025", 1) == "2024--2025"
    with pytest.raises(ValueError, match="not a year"):
        YEAR_HIERARCHY.generalise("20x4", 0)
    with pytest.raises(ValueError, match=r"outside 0\.\.3"):
        YEAR_HIERARCHY.generalise(2024, 4)


def test_country_gender_and_province_hierarchies():
    assert [COUNTRY_HIERARCHY.generalise("kh", level) for level in range(3)] == ["KH", "South-eastern Asia", "*"]
    assert COUNTRY_HIERARCHY.generalise("VNM", 0) == "VN"
    assert COUNTRY_HIERARCHY.generalise("TW", 1) == "Eastern Asia"
    assert COUNTRY_HIERARCHY.generalise("SA", 1) == "Western Asia"
    assert COUNTRY_HIERARCHY.generalise("PL", 1) == "Europe"
    assert COUNTRY_HIERARCHY.generalise("BR", 1) == "Other"
    with pytest.raises(ValueError, match="not an ISO 3166"):
        COUNTRY_HIERARCHY.generalise("Vietnam", 0)
    assert [GENDER_HIERARCHY.generalise("Female", level) for level in range(2)] == ["Female", "*"]
    assert [PROVINCE_HIERARCHY.generalise("79", level) for level in range(3)] == ["79", "Southeast", "*"]
    with pytest.raises(ValueError, match="34 provincial codes"):
        PROVINCE_HIERARCHY.generalise("28", 0)  # Hòa Bình, merged into Phú Thọ in 2025


def test_province_regions_cover_exactly_the_34_provinces():
    data = json.loads(PLACES.read_text(encoding="utf-8"))
    assert set(PROVINCE_REGIONS) == {p["successor"] for p in data["provinces"]}
    assert len(PROVINCE_REGIONS) == 34
    assert len(set(PROVINCE_REGIONS.values())) == 6


# --- the deny-list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "prs_FirstName",
        "prs_SecondName",
        "fullName",
        "prs_MobilePhone",
        "phone_number",
        "prs_Email",
        "prs_IdentityNumber",
        "passportNumber",
        "cccd",
        "prs_MailingStreet",
        "prs_MailingCity",
        "address",
        "prs_Birthdate",
        "dateOfBirth",
        "hte_Date",
        "cas_IncomingReferralDate",
        "cas_IncomingReferralDetails",
        "notes",
        "hte_Description",
        "case_number",
        "caseId",
        "prs_MailingLatitude",
    ],
)
def test_identifying_fields_are_denied(name):
    assert is_denied(name)
    with pytest.raises(ValueError, match="identifies a person"):
        k_anonymise([], fields=[*DEFAULT_QIS, name])
    with pytest.raises(ValueError, match="identifies a person"):
        k_anonymise([], extra_quasi_identifiers=[name])


@pytest.mark.parametrize(
    "name", [*DEFAULT_QIS, *CTDC_FLAGS, "Datasource", "majorityStatus", "meansOfControlNotSpecified", "traffickMonths"]
)
def test_ctdc_fields_are_allowed(name):
    assert not is_denied(name)


# --- hand-worked releases ----------------------------------------------------------------------------


def person(year=2024, gender="Female", age="21--23", citizenship="VN", country="KH", **extra):
    return {
        "yearOfRegistration": year,
        "gender": gender,
        "ageBroad": age,
        "citizenship": citizenship,
        "CountryOfExploitation": country,
        "isForcedLabour": 1,
        "isSexualExploit": 0,
        "prs_FirstName": "Lan",
        "prs_MobilePhone": "0912345678",
        **extra,
    }


def test_already_anonymous_records_pass_unchanged():
    records = [person() for _ in range(11)] + [person(gender="Male") for _ in range(12)]
    release = k_anonymise(records)
    report = release.report
    assert report.levels == dict.fromkeys(DEFAULT_QIS, 0)
    assert report.records_in == report.records_out == 23
    assert report.records_suppressed == 0
    assert (report.classes, report.smallest_class) == (2, 11)
    assert report.discernibility == 11 * 11 + 12 * 12
    assert report.precision == 1.0
    assert report.search == "exhaustive"
    assert release.records[0] == {
        "yearOfRegistration": "2024",
        "gender": "Female",
        "ageBroad": "21--23",
        "citizenship": "VN",
        "CountryOfExploitation": "KH",
        "isForcedLabour": 1,
        "isSexualExploit": 0,
        "isOtherExploit": None,
        "isSexAndLabour": None,
        "isForcedMarriage": None,
        "isForcedMilitary": None,
        "isOrganRemoval": None,
        "isSlaveryAndPractices": None,
    }


def test_ages_are_widened_just_enough():
    # 6 + 6 women aged 21--23 and 24--26: neither band reaches 11, the 18--29 band does.
    records = [person(age="21--23") for _ in range(6)] + [person(age="24--26") for _ in range(6)]
    release = k_anonymise(records, fields=[*DEFAULT_QIS])
    report = release.report
    assert report.levels == {**dict.fromkeys(DEFAULT_QIS, 0), "ageBroad": 1}
    assert report.generalisation_loss["ageBroad"] == pytest.approx(1 / 3)
    assert report.precision == pytest.approx(1 - (1 / 3) / 5)
    assert {r["ageBroad"] for r in release.records} == {"18--29"}
    assert report.records_out == 12


def test_an_outlier_is_suppressed_within_budget():
    # 40 alike plus one man from Japan: the cheapest release drops him (1 <= 5 % of 41 = 2).
    records = [person() for _ in range(40)] + [person(gender="Male", country="JP")]
    release = k_anonymise(records)
    report = release.report
    assert report.levels == dict.fromkeys(DEFAULT_QIS, 0)
    assert (report.records_in, report.records_out, report.records_suppressed) == (41, 40, 1)
    assert report.suppression_budget == 2
    assert report.discernibility == 40 * 40 + 1 * 41
    assert all(r["gender"] == "Female" for r in release.records)


def test_too_few_records_release_nothing():
    release = k_anonymise([person() for _ in range(5)])
    assert release.records == []
    assert release.report.records_suppressed == 5
    assert release.report.smallest_class == 0
    assert all(
        level == height
        for level, height in zip(release.report.levels.values(), release.report.heights.values(), strict=True)
    )


def test_no_records():
    release = k_anonymise([])
    assert release.records == []
    assert release.report.records_in == 0


def test_extra_quasi_identifier_without_hierarchy_is_kept_or_hidden():
    records = [person(vn_Ethnicity="Kinh") for _ in range(11)] + [person(vn_Ethnicity="Hmong") for _ in range(3)]
    release = k_anonymise(
        records, extra_quasi_identifiers=["vn_Ethnicity"], fields=[*DEFAULT_QIS, "vn_Ethnicity"], suppression_budget=0
    )
    assert release.report.levels["vn_Ethnicity"] == 1
    assert {r["vn_Ethnicity"] for r in release.records} == {"*"}
    assert release.report.records_out == 14


def test_missing_values_form_their_own_class():
    records = [person(age=None) for _ in range(11)] + [person(age="-99") for _ in range(11)]
    release = k_anonymise(records)
    assert {r["ageBroad"] for r in release.records} == {"-99"}
    assert release.report.smallest_class == 22


def test_greedy_search_when_the_lattice_is_too_big(monkeypatch):
    monkeypatch.setattr(kanon, "MAX_LATTICE", 1)
    records = [person(age=band) for band in AGE_BANDS for _ in range(3)]
    release = k_anonymise(records)
    assert release.report.search == "greedy"
    assert min_class_size(release.records, list(DEFAULT_QIS)) >= 11


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be a positive integer"),
        ({"k": True}, "k must be a positive integer"),
        ({"suppression_budget": 1.0}, "suppression_budget"),
        ({"suppression_budget": -0.1}, "suppression_budget"),
        ({"suppression_budget": "5%"}, "suppression_budget"),
        ({"quasi_identifiers": []}, "at least one quasi-identifier"),
        ({"quasi_identifiers": "gender"}, "not a single string"),
        ({"fields": ["gender", "gender"]}, "names a field twice"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        k_anonymise([person()], **kwargs)


def test_bad_values_are_refused_with_the_field_named():
    with pytest.raises(ValueError, match="ageBroad: ageBroad '25' is not a CTDC age band"):
        k_anonymise([person(age="25")])
    with pytest.raises(ValueError, match="record 0 is not a mapping"):
        k_anonymise([["not", "a", "dict"]])


def test_min_class_size():
    assert min_class_size([], ["gender"]) == 0
    assert min_class_size([{"gender": "F"}, {"gender": "F"}, {"gender": "M"}], ["gender"]) == 1
    assert min_class_size([{"gender": None}, {"gender": "-99"}], ["gender"]) == 2


# --- properties --------------------------------------------------------------------------------------

countries = st.sampled_from(["VN", "VNM", "KH", "LA", "MM", "TH", "CN", "TW", "JP", "KR", "SA", "DE", "BR", None])


@st.composite
def people(draw):
    return {
        "yearOfRegistration": draw(st.integers(2015, 2027)),
        "gender": draw(st.sampled_from(["Female", "Male", "NonConforming", "-99"])),
        "ageBroad": draw(st.sampled_from([*AGE_BANDS, "09--17", None])),
        "citizenship": draw(countries),
        "CountryOfExploitation": draw(countries),
        "vn_Province": draw(st.sampled_from(sorted(PROVINCE_REGIONS))),
        "isForcedLabour": draw(st.sampled_from([0, 1, -99])),
        "prs_FirstName": "secret",
        "prs_IdentityNumber": "001234567890",
    }


@st.composite
def populations(draw):
    shape = draw(st.sampled_from(["random", "pool", "skewed"]))
    if shape == "random":
        return draw(st.lists(people(), max_size=250))
    if shape == "pool":
        # a few profiles, each repeated: classes near k in size, so generalisation has work to do
        pool = draw(st.lists(people(), min_size=1, max_size=10))
        return [dict(p) for p in pool for _ in range(draw(st.integers(0, 30)))]
    # skewed: one common profile repeated, a few rare ones
    common = draw(people())
    rare = draw(st.lists(people(), max_size=15))
    return [dict(common) for _ in range(draw(st.integers(0, 200)))] + rare


def check_release(records, release, k, qis, fields):
    report = release.report
    out = release.records
    # no field outside the allow-list, never a denied one
    for row in out:
        assert list(row) == list(fields)
        assert not any(is_denied(name) for name in row)
        assert "secret" not in row.values()
    published_qis = [q for q in qis if q in fields]
    if out:
        assert min_class_size(out, published_qis) >= k
        assert min_class_size(out, published_qis) >= report.smallest_class >= k
    assert report.records_in == len(records)
    assert report.records_out == len(out)
    assert report.records_in == report.records_out + report.records_suppressed
    if len(records) >= k:
        assert report.records_suppressed <= report.suppression_budget
    else:
        assert out == []
    # report figures agree with the output over all quasi-identifiers
    classes = Counter(tuple(row[q] for q in qis) for row in out) if set(qis) <= set(fields) else None
    if classes is not None:
        assert report.classes == len(classes)
        assert report.smallest_class == (min(classes.values()) if classes else 0)
        assert report.discernibility == sum(s * s for s in classes.values()) + report.records_suppressed * len(records)
    for q in qis:
        assert 0 <= report.levels[q] <= report.heights[q]
        assert report.generalisation_loss[q] == pytest.approx(report.levels[q] / report.heights[q])
    assert 0.0 <= report.precision <= 1.0


@given(records=populations(), k=st.sampled_from([2, 5, 11]))
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_release_is_k_anonymous(records, k):
    qis = list(DEFAULT_QIS)
    fields = [*DEFAULT_QIS, "isForcedLabour"]
    release = k_anonymise(records, k=k, fields=fields)
    check_release(records, release, k, qis, fields)


@given(records=populations(), budget=st.sampled_from([0.0, 0.05, 0.2]))
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_release_with_province_and_partial_output(records, budget):
    qis = [*DEFAULT_QIS, "vn_Province"]
    fields = ["ageBroad", "gender", "vn_Province", "isForcedLabour"]
    release = k_anonymise(records, extra_quasi_identifiers=["vn_Province"], fields=fields, suppression_budget=budget)
    check_release(records, release, 11, qis, fields)
