"""The outreach demo: two years of events with realistic counts, trainings with a register and scores, a
catalogue with stock that always equals its movements and never goes below zero; deterministic."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.db.models import Sum

from safepath.accounts.roles import AgencyType, Role
from safepath.outreach import selectors
from safepath.outreach.demo import load_demo
from safepath.outreach.models import Event, Material, MaterialStock, Participant, ParticipantCount, StockMovement
from safepath.places.models import Province
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def network(db):
    agencies, users = {}, {}
    for code, username, role, province in (
        ("HN-MRC", "outreach", Role.OUTREACH_OFFICER, "01"),
        ("LC-RC", "lc-rc.supervisor", Role.SUPERVISOR, "15"),
        ("TH-MRC", "th-mrc.supervisor", Role.SUPERVISOR, "38"),
    ):
        agency = AgencyFactory(code=code, type=AgencyType.MRC, province=Province.objects.get(pk=province))
        agencies[code] = agency
        users[username] = UserFactory(agency=agency, roles=[role], username=username)
    return agencies, users


def _fingerprint():
    events = sorted(
        (e.start_date, e.kind, e.title, e.province_id, e.agency.code, selectors.event_grid(e).total)
        for e in Event.objects.select_related("agency")
    )
    moves = sorted(StockMovement.objects.values_list("day", "kind", "quantity", "material__title_vi"))
    return events, moves


def test_demo_events_counts_and_stock(network):
    agencies, users = network
    counts = load_demo(agencies=agencies, users=users, today=TODAY, rng=random.Random(7))
    assert counts["outreach_materials"] == Material.objects.count() == 15
    assert counts["outreach_events"] == Event.objects.count() >= 60
    assert counts["outreach_participants_registered"] == Participant.objects.count() > 300
    hanoi = Event.objects.filter(agency=agencies["HN-MRC"])
    assert hanoi.values("province").distinct().count() == 12
    assert set(Event.objects.values_list("agency__code", flat=True)) == {"HN-MRC", "LC-RC", "TH-MRC"}
    assert min(e.start_date for e in Event.objects.all()) >= TODAY - dt.timedelta(days=730)
    for event in Event.objects.all():
        total = selectors.event_grid(event).total
        if event.start_date > TODAY:
            assert total == 0  # planned
        elif event.kind == "policy_dialogue":
            assert 50 <= total <= 300
        elif event.is_training:
            assert 15 <= total <= 40
            assert event.counts_from_register and event.participants.count() == total
            assert selectors.event_scores(event).tested >= total // 2
        assert event.end_date >= event.start_date
    dialogues = ParticipantCount.objects.filter(event__in=hanoi.filter(kind="policy_dialogue")).aggregate(
        n=Sum("count")
    )
    assert 2000 <= dialogues["n"] <= 4000  # about the 3,000 the mission reports
    scores = Participant.objects.exclude(pre_score=None).exclude(post_score=None)
    assert all(0 <= p <= 100 and 0 <= q <= 100 for p, q in scores.values_list("pre_score", "post_score"))

    # Stock: the sum of the movements, never below zero in date order, and one low warning in Hanoi.
    ledger = defaultdict(int)
    running = defaultdict(int)
    for mid, aid, qty in StockMovement.objects.order_by("day", "created_at").values_list(
        "material_id", "agency_id", "quantity"
    ):
        ledger[(mid, aid)] += qty
    for day_rows in _by_day():
        for key, qty in day_rows.items():
            running[key] += qty
        assert all(v >= 0 for v in running.values())
    for stock in MaterialStock.objects.all():
        assert stock.quantity == ledger[(stock.material_id, stock.agency_id)] >= 0
    assert any(s.material.title_vi.startswith("Cảnh giác") for s in selectors.low_stock(user=users["outreach"]))
    handed = StockMovement.objects.filter(kind="event")
    assert handed.exists() and not handed.filter(event__isnull=True).exists()
    figures = selectors.outreach_figures(
        user=users["outreach"], date_from=TODAY - dt.timedelta(days=730), date_to=TODAY
    )
    assert figures.total.events > 40 and figures.materials_total > 1000


def _by_day():
    """Each day's net movements (a resupply and the event it serves share a day)."""
    days = defaultdict(lambda: defaultdict(int))
    for day, mid, aid, qty in StockMovement.objects.values_list("day", "material_id", "agency_id", "quantity"):
        days[day][(mid, aid)] += qty
    return [days[d] for d in sorted(days)]


def test_demo_is_deterministic(network):
    agencies, users = network
    load_demo(agencies=agencies, users=users, today=TODAY, rng=random.Random(3))
    first = _fingerprint()
    StockMovement.objects.all().delete()
    MaterialStock.objects.all().delete()
    Event.objects.all().delete()
    Material.objects.all().delete()
    load_demo(agencies=agencies, users=users, today=TODAY, rng=random.Random(3))
    assert _fingerprint() == first


def test_demo_skips_missing_agencies(db):
    assert load_demo(agencies={}, users={}, today=TODAY, rng=random.Random(1))["outreach_events"] == 0
    assert not Material.objects.exists()
