"""The daily sweep: stays near their limit tell the shelter staff and the caseworker, stays past it the
supervisors; each alert once, again only after an extension gives a new date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from safepath.notifications.models import Notification
from safepath.shelters import alerts, services
from tests.shelters.conftest import days_ago, new_case, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_stays(shelter_staff, caseworker, supervisor, facility):
    def admit(ago, sex="female"):
        c = new_case(caseworker, supervisor, sex=sex)
        return services.stay_admit(actor=shelter_staff, case=c, facility=facility, admitted_on=days_ago(ago))

    return {"near": admit(12), "over": admit(15), "fresh": admit(2, "male")}


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_sweep_alerts_once(shelter_staff, caseworker, supervisor, supervisor2, three_stays):
    assert alerts.sweep(today=today()) == 2
    assert kinds_for(shelter_staff) == ["stay_near_limit"]
    assert kinds_for(caseworker) == ["stay_near_limit"]
    assert kinds_for(supervisor) == ["stay_over_limit"]
    assert kinds_for(supervisor2) == ["stay_over_limit"]
    near = Notification.objects.get(recipient=shelter_staff)
    stay = three_stays["near"]
    assert near.params["case"] == stay.case.number
    assert near.params["planned_discharge_on"] == stay.planned_discharge_on.strftime("%d/%m/%Y")
    assert near.target_url == f"/shelters/stays/{stay.pk}/"
    assert stay.case.person.family_name not in str(near.params)  # reference numbers and dates, no names
    assert alerts.sweep(today=today()) == 0
    assert alerts.sweep(today=today() + dt.timedelta(days=1)) == 0
    assert Notification.objects.count() == 4  # two shelter-side, two supervisors


def test_an_extension_arms_the_alerts_again(shelter_staff, supervisor, supervisor2, three_stays):
    assert alerts.sweep(today=today()) == 2
    stay = three_stays["near"]
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=7, reason="Chờ gia đình")
    services.extension_decide(actor=supervisor, extension=ext, approve=True)
    assert alerts.sweep(today=today()) == 0  # nine days left now
    assert alerts.sweep(today=today() + dt.timedelta(days=7)) == 1  # two days left of the new date
    # past the new date; and the fresh stay (planned T+12) is now two days from its limit
    assert alerts.sweep(today=today() + dt.timedelta(days=10)) == 2
    assert Notification.objects.filter(kind="stay_over_limit", recipient=supervisor2).count() == 2


def test_discharged_stays_raise_nothing(shelter_staff, three_stays):
    for stay in three_stays.values():
        services.stay_discharge(actor=shelter_staff, stay=stay, destination="family", follow_up_plan="Gọi điện")
    assert alerts.sweep(today=today()) == 0
    assert not Notification.objects.filter(kind__startswith="stay_").exists()


def test_alerts_are_emailed_after_the_commit(django_capture_on_commit_callbacks, shelter_staff, three_stays):
    with django_capture_on_commit_callbacks(execute=True):
        alerts.sweep(today=today())
    sent = [m for m in mail.outbox if shelter_staff.email in m.to]
    assert len(sent) == 1 and three_stays["near"].case.number in sent[0].subject


def test_extension_requests_and_decisions_are_notified(shelter_staff, supervisor, supervisor2, three_stays):
    stay = three_stays["fresh"]
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=3, reason="Điều trị")
    assert kinds_for(supervisor) == kinds_for(supervisor2) == ["extension_requested"]
    services.extension_decide(actor=supervisor2, extension=ext, approve=False, note="Đủ sức khỏe")
    decided = Notification.objects.get(recipient=shelter_staff, kind="extension_refused")
    assert decided.params["case"] == stay.case.number and "refused" in decided.text
