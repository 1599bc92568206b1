"""The summary for programme reviews: small cells suppressed, no comments; comments for the agency's supervisors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from safepath.audit.models import AccessEvent
from safepath.directory.services import provider_create
from safepath.feedback import selectors
from safepath.feedback.models import Feedback

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)


def provider(name):
    return provider_create(actor=None, data={"name_vi": name, "kind": "ngo"})


def answers(n, *, provider=None, agency=None, service="shelter", day=DAY, comment="", **ratings):
    Feedback.objects.bulk_create(
        [
            Feedback(
                provider=provider,
                agency=agency,
                service_type=service,
                given_on=day,
                comment=comment,
                **{f"rating_{k}": v for k, v in ratings.items()},
            )
            for _ in range(n)
        ]
    )


def rows(cells):
    return {c.label: (c.shown_count, c.means["respect"]) for c in cells}


def test_cells_under_five_are_suppressed_and_so_is_the_next_smallest(analyst):
    a, b, c = provider("A"), provider("B"), provider("C")
    answers(6, provider=a, respect=4)
    answers(3, provider=b, respect=1)
    answers(7, provider=c, respect=5, safe=3)
    s = selectors.feedback_summary(user=analyst)
    assert s.total.count == 16
    by = {cell.label: cell for cell in s.by_provider}
    assert by["B"].suppressed and by["B"].shown_count is None and by["B"].means["respect"] is None
    # B's figures would follow from the total minus A and C: the smallest other row is hidden too.
    assert by["A"].suppressed and by["A"].protects and not by["B"].protects
    assert by["C"].shown_count == 7 and by["C"].means == {
        "respect": 5.0,
        "needs_met": None,  # nobody answered it
        "safe": 3.0,
        "information": None,
        "recommend": None,
    }
    assert [cell.label for cell in s.by_provider] == ["C", "A", "B"]  # shown rows first


def test_a_rating_few_answered_is_hidden(analyst):
    p = provider("A")
    answers(4, provider=p, respect=5, safe=2)
    answers(3, provider=p, respect=4)  # safe: prefer not to say
    s = selectors.feedback_summary(user=analyst)
    cell = s.by_provider[0]
    assert cell.shown_count == 7 and cell.means["respect"] == 4.6 and cell.means["safe"] is None


def test_too_few_answers_overall_show_nothing(analyst):
    answers(4, provider=provider("A"), respect=5)
    s = selectors.feedback_summary(user=analyst)
    assert s.total.suppressed and all(c.suppressed for c in s.by_provider + s.by_service)


def test_period_and_agency_filters(analyst, agency, other_agency):
    answers(5, agency=agency, service="medical", respect=4)
    answers(5, agency=other_agency, service="medical", respect=2, day=dt.date(2025, 1, 1))
    assert selectors.feedback_summary(user=analyst).total.count == 10
    only = selectors.feedback_summary(user=analyst, agency_id=agency.pk)
    assert only.total.count == 5
    assert [(c.key, c.shown_count, c.means["respect"]) for c in only.by_service] == [("medical", 5, 4.0)]
    recent = selectors.feedback_summary(user=analyst, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert recent.total.count == 5 and recent.total.means["respect"] == 4.0


def test_who_reads_the_summary(caseworker, supervisor, analyst):
    with pytest.raises(PermissionDenied):
        selectors.feedback_summary(user=caseworker)
    selectors.feedback_summary(user=supervisor)
    selectors.feedback_summary(user=analyst)


def test_supervisors_read_their_own_agencys_comments_only(supervisor, other_supervisor, analyst, agency, other_agency):
    answers(1, agency=agency, comment="Chỗ ở an toàn", respect=5)
    answers(1, agency=agency, comment="", respect=4)
    answers(1, agency=other_agency, comment="Thủ tục lâu", respect=2)
    mine = selectors.feedback_comments(user=supervisor)
    assert [c["comment"] for c in mine] == ["Chỗ ở an toàn"] and mine[0]["month"] == dt.date(2026, 3, 1)
    assert set(mine[0]) == {"month", "provider", "service", "comment"}  # no day, no case
    assert [c["comment"] for c in selectors.feedback_comments(user=other_supervisor)] == ["Thủ tục lâu"]
    event = AccessEvent.objects.get(purpose="feedback_comments", actor=supervisor)
    assert event.object_count == 1
    with pytest.raises(PermissionDenied):
        selectors.feedback_comments(user=analyst)  # analysts read aggregates, never comments
