"""Care-plan pages: the plan page, the PDF for the person (in Vietnamese), and the case page panels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safepath.audit.models import AccessEvent
from safepath.plans import services

pytestmark = pytest.mark.django_db


def test_plan_page_and_pdf_for_the_person(client, caseworker, case):
    plan = services.plan_create(actor=caseworker, case=case, summary="Hỗ trợ tái hòa nhập")
    goal = services.goal_add(actor=caseworker, plan=plan, domain="health", urgency="high", text="Khám sức khỏe")
    services.service_add(actor=caseworker, goal=goal, service_type="medical", due_on="15/12/2026")
    client.force_login(caseworker)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert page.status_code == 200 and "Khám sức khỏe" in page.content.decode()
    case_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'id="assessments"' in case_page and 'id="plans"' in case_page and 'id="entitlements"' in case_page
    pdf = client.get(reverse("plans:pdf", args=[plan.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(object_type="care_plan", action="export").count() == 1


def test_interview_pages_render_for_every_shipped_instrument(client, caseworker, case):
    from safepath.screening import instruments
    from safepath.screening import services as screening

    client.force_login(caseworker)
    for instrument in instruments.current_all():
        a = screening.assessment_start(actor=caseworker, case=case, instrument=instrument.code)
        for section in instrument.sections:
            assert client.get(reverse("screening:section", args=[a.pk, section.code])).status_code == 200
        assert client.get(reverse("screening:print", args=[instrument.code])).status_code == 200
        assert client.get(reverse("screening:review", args=[a.pk])).status_code == 200


def test_the_supervisor_finds_plans_to_approve_on_the_home_page(client, caseworker, supervisor, case):
    plan = services.plan_create(actor=caseworker, case=case)
    goal = services.goal_add(actor=caseworker, plan=plan, domain="family", urgency="low", text="Liên lạc với gia đình")
    services.service_add(actor=caseworker, goal=goal, service_type="family", due_on="15/12/2026")
    client.force_login(supervisor)
    assert 'id="plans-to-approve"' not in client.get(reverse("web:home")).content.decode()
    services.plan_submit(actor=caseworker, plan=plan)
    home = client.get(reverse("web:home")).content.decode()
    assert 'id="plans-to-approve"' in home and reverse("plans:detail", args=[plan.pk]) in home
