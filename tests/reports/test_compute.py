"""Indicator values against a small fixture counted by hand (October 2026, two agencies).

Counted by hand, in the order of the fixture below:

consultations in October: A 3 on site (F, 18-24, fees+contracts, Hà Nội) + 2 phone (M, 25-34, fees); B 4 online
  (F, age unknown, no topic, Hà Nội) -> 9; one in September does not count.
cases opened in October (all at A): p1 F b.2000 Hà Nội, victim, has a shelter stay (supported);
  p2 M b.1990, former province only (successor counts as province), victim, no support;
  p3 F birth year unknown, suspected trafficking, completed trafficking screening;
  p4 F b.2010, information case. A fifth case (p5) opened in September and closed on 5 October.
referrals from A in October: answered after 24 h (accepted), after 48 h (declined), not answered.
shelter (2 beds in use): stay 1 on 10-20 October (10 nights), stay 2 from 25 September, not discharged (31 nights).
outreach: one community session at A in October, 5 women 18-24 and 3 men 25-34.
portal: 10 page views in Vietnamese, 2 in English in October; 7 in September.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safepath.cases.models import Case, Consultation
from safepath.directory.models import ProviderKind, ServiceProvider
from safepath.outreach.models import Event, ParticipantCount
from safepath.people.models import Person
from safepath.places.models import LegacyProvince
from safepath.portal.models import PageView
from safepath.referrals.models import Referral
from safepath.reports import indicators
from safepath.reports.compute import Filters, compute, linked_to_months, with_months
from safepath.reports.periods import Period
from safepath.screening.models import Assessment
from safepath.shelters.models import Bed, Facility, Room, Stay
from tests.factories import AgencyFactory, UserFactory

OCT = Period.month(2026, 10)
D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def world(db):
    a = AgencyFactory(code="HN-MRC", province_id="01")
    b = AgencyFactory(code="HCM-MRC", province_id="79")
    worker = UserFactory(agency=a)
    legacy = LegacyProvince.objects.exclude(successor_id="01").order_by("code").first()

    def consult(agency, day, channel, sex, age, topics, province="01", n=1):
        for _ in range(n):
            Consultation.objects.create(
                agency=agency,
                held_on=day,
                channel=channel,
                migration_stage="potential",
                outcome="information_given",
                sex=sex,
                age_band=age,
                topics=topics,
                province_id=province,
            )

    consult(a, D(2026, 10, 3), "on_site", "female", "18-24", ["fees_debts", "contracts"], n=3)
    consult(a, D(2026, 10, 7), "phone", "male", "25-34", ["fees_debts"], n=2)
    consult(b, D(2026, 10, 31), "online", "female", "unknown", [], n=4)
    consult(a, D(2026, 9, 30), "phone", "male", "25-34", ["fees_debts"])

    def person(sex, birth_year=None, province=None, legacy_province=None):
        return Person.objects.create(
            registered_by_agency=a,
            sex=sex,
            birth_year=birth_year,
            origin_province_id=province,
            origin_legacy_province=legacy_province,
        )

    def case(n, p, opened, case_type, legal="not_assessed", **kw):
        return Case.objects.create(
            number=f"HN-MRC-2026-{n:05d}",
            agency=a,
            person=p,
            case_type=case_type,
            channel="phone",
            migration_stage="returned",
            legal_status=legal,
            opened_on=opened,
            destination_country_id="KH",
            exploitation_types=kw.pop("exploitation", []),
            **kw,
        )

    p1 = person("female", 2000, "01")
    p2 = person("male", 1990, None, legacy)
    p3 = person("female")
    p4 = person("female", 2010, "01")
    p5 = person("male", 1985, "01")
    c1 = case(1, p1, D(2026, 10, 2), "identified_victim", "victim", exploitation=["vn_ForcedCriminality"])
    case(2, p2, D(2026, 10, 9), "identified_victim", "victim", exploitation=["vn_ForcedCriminality", "ForcedLabour"])
    c3 = case(3, p3, D(2026, 10, 15), "suspected_trafficking")
    case(4, p4, D(2026, 10, 31), "information")
    c5 = case(5, p5, D(2026, 9, 20), "returned", status="closed", closed_on=D(2026, 10, 5), closure_reason="completed")
    Assessment.objects.create(
        case=c3,
        kind="trafficking",
        instrument="trafficking-screening",
        instrument_version="2026.1",
        instrument_digest="x",
        started_by=worker,
        status="completed",
        completed_at=at(D(2026, 10, 16)),
        outcome="possible",
    )

    provider = ServiceProvider.objects.create(name_vi="Bệnh viện", kind=ProviderKind.HEALTH)
    from safepath.cases.models import Consent

    consent = Consent.objects.create(person=p1, case=c1, purpose="referral", method="written", given_on=D(2026, 10, 1))
    for n, (sent, answered, status) in enumerate(
        [
            (at(D(2026, 10, 5)), at(D(2026, 10, 6)), "accepted"),
            (at(D(2026, 10, 12)), at(D(2026, 10, 14)), "declined"),
            (at(D(2026, 10, 20)), None, "sent"),
        ]
    ):
        Referral.objects.create(
            reference=f"R-{n}",
            case=c1,
            from_agency=a,
            provider=provider,
            service_type="medical",
            consent=consent,
            sent_at=sent,
            answer_by=sent + dt.timedelta(days=3),
            answered_at=answered,
            status=status,
        )

    facility = Facility.objects.create(agency=a, name_vi="Nhà tạm lánh", province_id="01")
    room = Room.objects.create(facility=facility, name="1", sex="mixed")
    bed1 = Bed.objects.create(room=room, label="1")
    bed2 = Bed.objects.create(room=room, label="2")
    Bed.objects.create(room=room, label="3", is_active=False)
    Stay.objects.create(
        case=c1,
        facility=facility,
        bed=bed1,
        admitted_on=D(2026, 10, 10),
        discharged_on=D(2026, 10, 20),
        planned_discharge_on=D(2026, 10, 24),
        admitted_by=worker,
    )
    Stay.objects.create(
        case=c5,
        facility=facility,
        bed=bed2,
        admitted_on=D(2026, 9, 25),
        planned_discharge_on=D(2026, 10, 9),
        admitted_by=worker,
    )

    event = Event.objects.create(
        agency=a,
        kind="community_session",
        title="Sinh hoạt cộng đồng",
        start_date=D(2026, 10, 12),
        end_date=D(2026, 10, 12),
        province_id="01",
    )
    ParticipantCount.objects.create(event=event, sex="female", age_group="18_24", count=5)
    ParticipantCount.objects.create(event=event, sex="male", age_group="25_34", count=3)

    PageView.objects.create(page="home", day=D(2026, 10, 1), lang="vi", count=10)
    PageView.objects.create(page="home", day=D(2026, 10, 2), lang="en", count=2)
    PageView.objects.create(page="home", day=D(2026, 9, 2), lang="vi", count=7)
    return {"a": a, "b": b, "legacy": legacy, "facility": facility}


def value(code, *, by=(), period=OCT, filters=None):
    result = compute(indicators.get(code), period=period, filters=filters or Filters(), by=by)
    if not by:
        return result.total.value
    return {k if len(k) > 1 else k[0]: c.value for k, c in result.cells.items()}


def test_consultations(world):
    assert value("MRC-01") == 9
    assert value("MRC-01", filters=Filters(agencies=frozenset({str(world["a"].pk)}))) == 5
    assert value("MRC-01", by=("channel",)) == {"on_site": 3, "phone": 2, "online": 4}
    assert value("MRC-01", by=("sex",)) == {"female": 7, "male": 2}
    assert value("MRC-01", by=("age_band",)) == {"18-24": 3, "25-34": 2, "unknown": 4}
    # a multi-valued breakdown: a session counts under every topic it touched
    assert value("MRC-01", by=("topic",)) == {"fees_debts": 5, "contracts": 3}
    assert value("MRC-01", by=("month",), period=Period.quarter(2026, 4)) == {"2026-10": 9}
    assert value("MRC-01", by=("month",), period=Period.quarter(2026, 3)) == {"2026-09": 1}


def test_cases_by_person_attributes(world):
    assert value("MRC-03") == 4
    assert value("MRC-03", by=("sex",)) == {"female": 3, "male": 1}
    assert value("MRC-03", by=("age_band",)) == {"25-34": 1, "35-44": 1, "unknown": 1, "0-17": 1}
    successor = world["legacy"].successor_id
    assert value("MRC-03", by=("province",)) == {"01": 2, successor: 1, "unknown": 1}
    assert value("MRC-03", by=("legacy_province",)) == {world["legacy"].code: 1, "unknown": 3}
    assert value("MRC-03", by=("exploitation",)) == {"vn_ForcedCriminality": 2, "ForcedLabour": 1}
    # a province filter counts the former province's people under the province it merged into
    assert value("MRC-03", filters=Filters(province=successor)) == 1
    assert value("MRC-03", filters=Filters(legacy_province=world["legacy"].code)) == 1


def test_caseload_and_closures(world):
    assert value("MRC-04") == 5  # p1-p4 opened in October, p5 open until 5 October
    assert value("MRC-05") == 1
    assert value("MRC-04", period=Period.month(2026, 11)) == 4


def test_programme_percentages(world):
    assert value("CT-01") == pytest.approx(50.0)  # p1 supported (stay) of p1, p2
    assert value("CT-03") == pytest.approx(100 / 3)  # p3 screened of p1, p2, p3
    assert value("CT-04") == 2
    assert value("MRC-06") == 1
    assert value("MRC-07") == pytest.approx(100.0)


def test_referrals(world):
    assert value("MRC-08") == 3
    assert value("MRC-09") == pytest.approx(100 / 3)
    assert value("MRC-10") == 0
    assert value("MRC-11") == pytest.approx(36.0)  # (24 + 48) / 2 hours
    result = compute(indicators.get("MRC-11"), period=OCT)
    assert result.total.base == 2


def test_shelters(world):
    assert value("MRC-12") == 1  # stay 2 was admitted in September
    assert value("MRC-14") == pytest.approx(10.0)
    result = compute(indicators.get("MRC-13"), period=OCT)
    assert result.total.numerator == pytest.approx(41)  # 10 + 31 nights
    assert result.total.denominator == pytest.approx(62)  # 2 beds in use x 31 nights
    assert result.total.value == pytest.approx(100 * 41 / 62)
    september = compute(indicators.get("MRC-13"), period=Period.month(2026, 9))
    assert september.total.numerator == pytest.approx(6)  # 25-30 September


def test_outreach_and_portal(world):
    assert value("MRC-17") == 8
    assert value("MRC-17", by=("sex",)) == {"female": 5, "male": 3}
    assert value("CT-06") == 8
    assert value("CT-05") == 0
    assert value("MRC-18") == 12
    assert value("MRC-18", by=("lang",)) == {"vi": 10, "en": 2}


def test_former_province_not_recorded_for_consultations(world):
    result = compute(indicators.get("MRC-01"), period=OCT, filters=Filters(legacy_province=world["legacy"].code))
    assert result.total.value == 0
    assert result.not_recorded


def test_every_indicator_computes_with_every_breakdown(world):
    for indicator in indicators.load().indicators:
        for dim in indicator.disaggregations:
            result = compute(indicator, period=OCT, by=(dim,))
            if indicator.unit == "count" and dim not in ("topic", "exploitation"):
                counted = sum(c.numerator for c in result.cells.values())
                # people counted once in the total may sit in two cells of a case-level breakdown
                assert counted >= result.total.numerator - 1e-9, (indicator.code, dim)


def test_unknown_breakdown_is_refused(world):
    with pytest.raises(ValueError):
        compute(indicators.get("MRC-01"), period=OCT, by=("legal_status",))


def test_a_percentage_is_counted_in_one_query_and_its_total_from_the_cells(world, django_assert_num_queries):
    # CT-03: p3 screened of p1, p2, p3, both counted over cases: one GROUP BY counts both, and counts
    # add up over a single-valued breakdown, so the total needs no second query.
    with django_assert_num_queries(1):
        result = compute(indicators.get("CT-03"), period=OCT, by=("sex",))
    assert (result.total.numerator, result.total.denominator) == (1, 3)
    assert result.cells[("female",)].value == pytest.approx(50.0)  # p3 of p1, p3
    assert result.cells[("male",)].value == 0
    # MRC-09 (accepted of all referrals): the numerator's own condition goes in its FILTER only
    with django_assert_num_queries(1):
        assert compute(indicators.get("MRC-09"), period=OCT, by=("month",)).total.value == pytest.approx(100 / 3)
    # MRC-13 counts over two sources (stays, beds): one query each
    with django_assert_num_queries(2):
        compute(indicators.get("MRC-13"), period=OCT)


def test_a_distinct_count_total_is_queried_not_summed(world):
    # p1 opens a second case at the other agency: two cells, one person in the total
    p1 = Case.objects.get(number="HN-MRC-2026-00001").person
    Case.objects.create(
        number="HCM-MRC-2026-00001",
        agency=world["b"],
        person=p1,
        case_type="identified_victim",
        channel="phone",
        migration_stage="returned",
        legal_status="victim",
        opened_on=D(2026, 10, 20),
        destination_country_id="KH",
    )
    result = compute(indicators.get("MRC-04"), period=OCT, by=("agency",))
    assert {k[0]: c.value for k, c in result.cells.items()} == {str(world["a"].pk): 5, str(world["b"].pk): 1}
    assert result.total.value == 5
    # and a multi-valued breakdown never adds up: the total of MRC-01 by topic is the 9 sessions
    assert compute(indicators.get("MRC-01"), period=OCT, by=("topic",)).total.value == 9


def _same(a, b):
    assert set(a.cells) == set(b.cells), (a.indicator.code, a.by)
    for key, cell in a.cells.items():
        other = b.cells[key]
        assert (cell.numerator, cell.denominator, cell.base) == pytest.approx(
            (other.numerator, other.denominator, other.base)
        ), (a.indicator.code, a.by, key)
    assert (a.total.numerator, a.total.denominator, a.total.base) == pytest.approx(
        (b.total.numerator, b.total.denominator, b.total.base)
    )


def test_a_quarter_with_its_months_gives_the_same_figures_as_computing_each(world):
    # with_months sums the quarter from its by-month figure where the cells add up: the figures must be
    # those of computing the quarter, and each month, directly.
    quarter = Period.quarter(2026, 4)
    september_to_november = Period(D(2026, 9, 1), D(2026, 11, 30))
    linked = 0
    for period in (quarter, september_to_november):
        for indicator in indicators.load().indicators:
            for by in [(), *((dim,) for dim in indicator.disaggregations)]:
                direct = compute(indicator, period=period, by=by)
                result, months = with_months(
                    indicator,
                    period=period,
                    by=by,
                    compute_by=lambda b, i=indicator, p=period: compute(i, period=p, by=b),
                )
                _same(result, direct)
                for month in months:
                    _same(month, compute(indicator, period=month.period, by=[d for d in by if d != "month"]))
                linked += bool(months)
                assert len(months) in (0, 3)
                assert bool(months) == linked_to_months(indicator, period)
    assert linked > 50  # most indicators count events, and are linked
    assert not linked_to_months(indicators.get("MRC-04"), quarter)  # a caseload does not add up over months
    assert not linked_to_months(indicators.get("MRC-01"), Period.month(2026, 10))
