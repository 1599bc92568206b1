"""Survivors' voice: anonymous by default and in the data; links work once and expire; who may take feedback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.feedback import services
from safepath.feedback.models import Feedback, FeedbackRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GOOD = {"respect": 5, "needs_met": "4", "safe": 5, "information": None, "recommend": ""}


def test_anonymous_feedback_names_no_case_and_keeps_no_time(caseworker, case, own_entry):
    before = AccessEvent.objects.count()
    fb = services.feedback_record(
        actor=caseworker, case=case, provider_id=str(own_entry.pk), service_type="shelter", ratings=GOOD, comment="Tốt"
    )
    fb.refresh_from_db()
    assert fb.anonymous and fb.case_id is None and fb.agency_id == case.agency_id
    assert fb.given_on == timezone.localdate() and fb.ratings() == {
        "respect": 5,
        "needs_met": 4,
        "safe": 5,
        "information": None,
        "recommend": None,
    }
    # The table has no column that could hold a time, and the access log holds no row about this answer.
    assert not [f.name for f in Feedback._meta.get_fields() if isinstance(f, models.DateTimeField)]
    assert AccessEvent.objects.count() == before
    assert not ObjectAccess.objects.filter(object_id=str(fb.pk)).exists()


def test_the_database_refuses_an_anonymous_answer_with_a_case(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(anonymous=True, case=case, given_on=dt.date(2026, 1, 5), rating_safe=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(anonymous=True, given_on=dt.date(2026, 1, 5), rating_safe=6)


def test_a_signed_answer_keeps_the_case_and_is_audited(caseworker, case):
    fb = services.feedback_record(
        actor=caseworker, case=case, anonymous=False, filled_by="person_with_worker", ratings={"safe": 2}
    )
    assert fb.case_id == case.pk and fb.filled_by == "person_with_worker"
    event = AccessEvent.objects.get(object_type="feedback", action="create")
    assert event.object_ids == [str(fb.pk)] and event.detail["also"]["case"] == [str(case.pk)]


def test_answers_are_checked(caseworker, case):
    with pytest.raises(ValidationError) as exc:
        services.feedback_record(actor=caseworker, case=case, ratings={"respect": 6, "safe": "x"}, service_type="spa")
    assert {"rating_respect", "rating_safe", "service_type"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.feedback_record(actor=caseworker, case=case, ratings={}, comment="  ")
    assert "ratings" in exc.value.message_dict


def test_who_may_take_feedback_from_a_case(case, other_supervisor, agency):
    shelter_staff = UserFactory(agency=agency, roles=[Role.SHELTER_STAFF])
    analyst = UserFactory(agency=agency, roles=[Role.ANALYST])
    for user in (shelter_staff, analyst, other_supervisor):
        with pytest.raises(PermissionDenied):
            services.feedback_record(actor=user, case=case, ratings=GOOD)
        with pytest.raises(PermissionDenied):
            services.feedback_link_create(actor=user, case=case)
    with pytest.raises(Http404):
        services.check_case_for_feedback(user=other_supervisor, case_id=case.pk)
    with pytest.raises(PermissionDenied):
        services.check_case_for_feedback(user=shelter_staff, case_id=case.pk)  # sees the case, takes no feedback


def test_a_link_works_once(caseworker, case, own_entry):
    link, code = services.feedback_link_create(
        actor=caseworker, case=case, provider_id=str(own_entry.pk), service_type="psychological"
    )
    assert len(code) == 10 and code not in link.token_hash and link.agency_id == case.agency_id
    assert not hasattr(link, "case_id")  # a link never names its case
    typed = services.format_code(code).lower().replace("0", "o")
    assert services.link_for_code(typed) == link  # case, dashes and O for 0 forgiven
    fb = services.feedback_submit_by_link(code=typed, ratings=GOOD, comment="")
    assert fb.anonymous and fb.case_id is None and fb.provider_id == own_entry.pk and fb.service_type == "psychological"
    link.refresh_from_db()
    assert (
        link.used_at is not None and link.provider_id is None and link.service_type == ""
    )  # forgets what it was about
    with pytest.raises(PermissionDenied):
        services.feedback_submit_by_link(code=code, ratings=GOOD, comment="")
    assert Feedback.objects.count() == 1


def test_a_link_expires(caseworker, case):
    link, code = services.feedback_link_create(actor=caseworker, case=case)
    FeedbackRequest.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.link_for_code(code) is None
    with pytest.raises(PermissionDenied):
        services.feedback_submit_by_link(code=code, ratings=GOOD, comment="")
    assert services.link_for_code("not a code") is None and services.link_for_code("") is None


def test_a_wrong_answer_on_a_link_does_not_use_it(caseworker, case):
    _link, code = services.feedback_link_create(actor=caseworker, case=case)
    with pytest.raises(ValidationError):
        services.feedback_submit_by_link(code=code, ratings={"safe": 9}, comment="")
    assert services.link_for_code(code) is not None
