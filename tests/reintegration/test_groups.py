"""Self-help groups: the agency's own, members from its cases once at a time, meetings with attendance and topics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from safepath.audit.models import AccessEvent
from safepath.reintegration import selectors, services
from safepath.reintegration.models import MeetingAttendance
from tests.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(caseworker, person):
    return [person, register(caseworker, given_name="Mai", phone="0987 000 111", id_number="038199001111")]


def test_a_group_belongs_to_the_creators_agency(group, caseworker, agency, outsider, analyst):
    assert group.agency == agency and group.facilitator == "Chị Lan"
    assert [g.pk for g in selectors.group_list(user=caseworker)] == [group.pk]
    assert selectors.group_list(user=outsider) == [] and selectors.group_list(user=analyst) == []
    for user in (outsider, analyst):
        with pytest.raises(Http404):
            selectors.access_group(user=user, group_id=group.pk)
    with pytest.raises(PermissionDenied):
        services.group_create(actor=analyst, name="Nhóm", province=group.province_id)
    with pytest.raises(ValidationError) as exc:
        services.group_create(actor=caseworker, name="", province="9999", founded_on="01/01/2999")
    assert set(exc.value.message_dict) == {"name", "province", "founded_on"}


def test_members_come_from_the_agencys_persons_once_at_a_time(group, caseworker, people, outsider):
    member = services.member_add(actor=caseworker, group=group, person_id=people[0].pk, joined_on="01/02/2025")
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=caseworker, group=group, person_id=people[0].pk)
    assert "already a member" in exc.value.message_dict["person"][0]
    stranger = register(outsider, given_name="Lạ", phone="0911 222 333", id_number="038199002222")
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=caseworker, group=group, person_id=stranger.pk)
    assert "person" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.member_add(actor=caseworker, group=group, person_id="not-a-uuid")
    services.member_leave(actor=caseworker, member=member, left_on="01/06/2025")
    with pytest.raises(ValidationError, match="already left"):
        services.member_leave(actor=caseworker, member=member)
    again = services.member_add(actor=caseworker, group=group, person_id=people[0].pk, joined_on="01/09/2025")
    assert again.pk != member.pk and group.members.count() == 2
    with pytest.raises(PermissionDenied):
        services.member_add(actor=outsider, group=group, person_id=people[1].pk)


def test_a_person_with_a_case_at_the_agency_can_join_though_registered_elsewhere(group, caseworker, outsider, case):
    from safepath.cases.models import Case

    stranger = register(outsider, given_name="Chuyển", phone="0911 222 444", id_number="038199003333")
    assert not services.person_joinable(actor=caseworker, group=group, person=stranger)
    Case.objects.filter(pk=case.pk).update(person=stranger)  # as after a transfer from the other agency
    assert services.person_joinable(actor=caseworker, group=group, person=stranger)
    assert services.member_add(actor=caseworker, group=group, person_id=stranger.pk).person == stranger


def test_a_meeting_records_every_member_of_that_day_and_the_attendance_rate(group, caseworker, people):
    first = services.member_add(actor=caseworker, group=group, person_id=people[0].pk, joined_on="01/02/2025")
    second = services.member_add(actor=caseworker, group=group, person_id=people[1].pk, joined_on="01/05/2025")
    early = services.meeting_record(
        actor=caseworker, group=group, held_on="15/03/2025", topics=["savings"], present=[first.pk], note="Góp quỹ"
    )
    assert list(early.attendance.values_list("member_id", "present")) == [(first.pk, True)]  # second not yet a member
    late = services.meeting_record(
        actor=caseworker, group=group, held_on="15/06/2025", topics=["safe_migration", "health"], present=[second.pk]
    )
    assert late.topics == ["health", "safe_migration"]
    assert set(late.attendance.values_list("member_id", "present")) == {(first.pk, False), (second.pk, True)}
    view = selectors.access_group(user=caseworker, group_id=group.pk)
    assert (view.rate.present, view.rate.total) == (2, 3) and view.rate.rate == pytest.approx(2 / 3)
    assert (view.by_member[first.pk].present, view.by_member[first.pk].total) == (1, 2)
    assert (view.by_meeting[late.pk].present, view.by_meeting[late.pk].total) == (1, 2)
    # Reading the group is audited with its members' persons.
    event = AccessEvent.objects.filter(object_type="self_help_group", action="view").latest("seq")
    assert sorted(event.detail["also"]["person"]) == sorted(str(p.pk) for p in people)


def test_a_meeting_with_bad_values_is_refused(group, caseworker, people):
    member = services.member_add(actor=caseworker, group=group, person_id=people[0].pk, joined_on="01/02/2025")
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(actor=caseworker, group=group, held_on="", topics=["astrology"])
    assert set(exc.value.message_dict) == {"held_on", "topics"}
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(actor=caseworker, group=group, held_on="15/01/2025", present=[member.pk])
    assert "present" in exc.value.message_dict  # not yet a member on that day
    assert MeetingAttendance.objects.count() == 0
    late_day = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.meeting_record(actor=caseworker, group=group, held_on=late_day)


def test_closing_a_group_stops_new_members(group, caseworker, people):
    services.group_update(actor=caseworker, group=group, is_active=False)
    with pytest.raises(ValidationError, match="no longer active"):
        services.member_add(actor=caseworker, group=group, person_id=people[0].pk)
    services.group_update(actor=caseworker, group=group, is_active=True, name="Nhóm Hoa Sen mới")
    group.refresh_from_db()
    assert group.is_active and group.name == "Nhóm Hoa Sen mới" and group.facilitator == "Chị Lan"


def test_candidates_are_the_agencys_persons_with_a_plan_not_yet_members(group, caseworker, plan, person):
    assert selectors.group_candidates(user=caseworker, group=group) == [person]
    services.member_add(actor=caseworker, group=group, person_id=person.pk)
    assert selectors.group_candidates(user=caseworker, group=group) == []
