"""Survivors' voice pages: the public form on the person's phone (no login, no cookies, Vietnamese first),
the form a worker hands over, the link page, the case panel, the summary."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from safepath.feedback import services
from safepath.feedback.models import Feedback

pytestmark = pytest.mark.django_db
ANSWERS = {"rating_respect": "5", "rating_needs_met": "4", "rating_safe": "", "comment": "Cảm ơn"}


def test_the_public_form_works_once_without_login_or_cookies(client, caseworker, case, own_entry):
    _link, code = services.feedback_link_create(actor=caseworker, case=case, provider_id=str(own_entry.pk))
    url = reverse("feedback:public", args=[code])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and '<html lang="vi">' in body and own_entry.name_vi in body
    assert page["Cache-Control"] == "no-store" and "<script" not in body  # works without JavaScript
    assert 'name="rating_respect" value="5"' in body and 'name="rating_respect" value=""' in body
    assert "csrfmiddlewaretoken" not in body and not page.cookies
    english = client.get(url, {"lang": "en"}).content.decode()
    assert '<html lang="en">' in english and "Did the staff treat you with respect?" in english
    bad = client.post(url, {"rating_respect": "9"})
    assert bad.status_code == 400 and 'id="form-errors"' in bad.content.decode()
    sent = client.post(url, ANSWERS)
    assert sent.status_code == 302 and sent["Location"] == reverse("feedback:public_thanks")
    assert not sent.cookies
    fb = Feedback.objects.get()
    assert fb.anonymous and fb.case_id is None and fb.filled_by == "person" and fb.comment == "Cảm ơn"
    assert client.get(reverse("feedback:public_thanks")).status_code == 200
    again = client.post(url, ANSWERS)
    assert again.status_code == 404 and 'id="gone"' in again.content.decode()
    assert client.get(url).status_code == 404
    assert Feedback.objects.count() == 1


def test_the_short_code_can_be_typed(client, caseworker, case):
    _link, code = services.feedback_link_create(actor=caseworker, case=case)
    assert client.get(reverse("feedback:public_start")).status_code == 200
    typed = services.format_code(code).lower()
    response = client.get(reverse("feedback:public_start"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse("feedback:public", args=[code])
    wrong = client.get(reverse("feedback:public_start"), {"code": "AAAAA-AAAAA"})
    assert wrong.status_code == 404 and 'id="code-err"' in wrong.content.decode()


def test_the_worker_makes_a_link_shown_once(client, caseworker, case, own_entry):
    client.force_login(caseworker)
    assert client.get(reverse("feedback:case_link", args=[case.pk])).status_code == 200
    made = client.post(
        reverse("feedback:case_link", args=[case.pk]), {"provider": str(own_entry.pk), "service_type": "shelter"}
    )
    body = made.content.decode()
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    assert 'id="feedback-code"' in body and "/feedback/f/" in body
    assert case.person.full_name not in body  # the link says nothing about the person


def test_the_worker_hands_over_the_form(client, caseworker, case, own_entry):
    client.force_login(caseworker)
    url = reverse("feedback:case_form", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'name="anonymous" id="id_anonymous" checked' in page
    assert 'id="mainnav"' not in page and "<script" not in page  # handed over: no menu into the system
    assert case.person.full_name not in page and case.number not in page  # nothing about the person to read
    bad = client.post(url, {"provider": str(own_entry.pk), "anonymous": "on", "comment": ""})
    assert bad.status_code == 400 and "Cảm ơn" not in bad.content.decode()
    done = client.post(url, {**ANSWERS, "provider": str(own_entry.pk), "anonymous": "on", "filled_by": "person"})
    assert done["Location"] == reverse("feedback:case_thanks", args=[case.pk])
    assert Feedback.objects.get().case_id is None
    client.post(url, {**ANSWERS, "provider": str(own_entry.pk), "filled_by": "person_with_worker"})  # unticked
    assert Feedback.objects.filter(case=case, anonymous=False).count() == 1


def test_other_agencies_and_non_case_workers_are_refused(client, case, other_supervisor, analyst):
    client.force_login(other_supervisor)
    assert client.get(reverse("feedback:case_form", args=[case.pk])).status_code == 404
    assert client.post(reverse("feedback:case_link", args=[case.pk])).status_code == 404
    client.force_login(analyst)
    assert client.get(reverse("feedback:case_form", args=[case.pk])).status_code == 404


def test_case_panel(caseworker, case):
    services.feedback_record(actor=caseworker, case=case, anonymous=False, ratings={"safe": 4})
    services.feedback_record(actor=caseworker, case=case, ratings={"safe": 5})
    request = RequestFactory().get("/")
    request.user = caseworker
    html = Template("{% load feedback_tags %}{% feedback_panel case %}").render(
        Context({"request": request, "case": case})
    )
    assert 'id="feedback-fill"' in html and 'id="feedback-link"' in html
    assert '<p class="small mb-0" id="feedback-count">1 ' in html  # the anonymous answer is not the case's


def test_summary_page(client, analyst, caseworker, supervisor, agency, own_entry):
    Feedback.objects.bulk_create(
        [
            Feedback(agency=agency, provider=own_entry, service_type="shelter", given_on=case_day(), rating_respect=4)
            for _ in range(6)
        ]
        + [
            Feedback(agency=agency, service_type="medical", given_on=case_day(), rating_respect=2, comment="Đợi lâu")
            for _ in range(2)
        ]
    )
    client.force_login(analyst)
    page = client.get(reverse("feedback:summary"))
    body = page.content.decode()
    assert page.status_code == 200 and 'id="by-provider"' in body and 'id="by-service"' in body
    assert "Đợi lâu" not in body and 'id="comments"' not in body  # analysts never see comments
    assert client.get(reverse("feedback:summary"), {"from": "32/13/2026"}).status_code == 400
    client.force_login(caseworker)
    assert client.get(reverse("feedback:summary")).status_code == 403
    client.force_login(supervisor)
    assert 'id="show-comments"' in client.get(reverse("feedback:summary")).content.decode()
    assert "Đợi lâu" in client.get(reverse("feedback:summary"), {"comments": "1"}).content.decode()


def case_day():
    from django.utils import timezone

    return timezone.localdate()
