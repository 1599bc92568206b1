"""Programme reports, the pages: an analyst asks for a report, follows it and downloads its files; a case
worker is refused (403); another user's report is a 404; bad input is the form again (400); deleting;
schedules for supervisors."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from safepath.audit.models import AccessEvent
from safepath.reports.models import Report, ReportSchedule
from tests.reports.test_reports_services import make_world

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "monthly",
    "period": "10/2025",
    "language": "vi",
    "formats": ["xlsx", "pdf"],
    "programmes": ["MRC"],
}


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def small_reports(monkeypatch):
    """Reports of one indicator, to keep the tests fast (the form asks for whole programmes)."""
    from safepath.reports import services

    real = services._indicator_codes
    monkeypatch.setattr(services, "_indicator_codes", lambda programmes, only: real(programmes, only)[:1])


def test_an_analyst_asks_follows_and_downloads(client, world, small_reports, django_capture_on_commit_callbacks):
    client.force_login(world.analyst)
    with translation.override("en"):
        page = client.get(reverse("reports:report_new"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="period"' in body and 'list="period-suggestions"' in body and 'id="f-agency"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_new"), FORM)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:report_detail", args=[report.pk])
    assert report.created_by == world.analyst and report.programmes == ["MRC"]
    detail = client.get(response["Location"]).content.decode()
    assert 'id="download-xlsx"' in detail and 'id="download-pdf"' in detail and 'id="delete-report"' in detail
    # The progress fragment (htmx) stops polling once the report is ready.
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'id="report-progress"' in fragment
    assert "hx-get" not in fragment and "<html" not in fragment
    xlsx = client.get(reverse("reports:report_download", args=[report.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="safepath-bao-cao-thang-2025-10-vi.xlsx"'
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames[2].startswith("MRC-01")
    pdf = client.get(reverse("reports:report_download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].endswith('safepath-bao-cao-thang-2025-10-vi.pdf"')
    assert AccessEvent.objects.filter(action="export", object_type="report").count() == 2
    listing = client.get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:report_download", args=[report.pk, "xlsx"]) in listing
    # the programme by its name, as on the report's own page, not by its code
    assert "Số liệu hằng tháng" in listing and ">MRC<" not in listing


def test_a_running_report_is_polled(client, world, small_reports):
    client.force_login(world.analyst)
    client.post(reverse("reports:report_new"), FORM)  # on_commit not run: the job waits
    report = Report.objects.get()
    fragment = client.get(reverse("reports:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" in fragment and 'id="report-bar"' in fragment and "download-xlsx" not in fragment
    assert client.get(reverse("reports:report_download", args=[report.pk, "xlsx"])).status_code == 404


def test_a_caseworker_is_refused(client, world):
    client.force_login(world.caseworker)
    for name in ("reports:report_list", "reports:report_new", "reports:schedule_list", "reports:schedule_new"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("reports:report_new"), FORM).status_code == 403
    assert not Report.objects.exists()


def test_another_users_report_is_not_found(client, world, small_reports):
    from safepath.reports import services

    report = services.report_generate(services.report_create(actor=world.analyst, period="10/2025", formats=["xlsx"]))
    client.force_login(world.analyst2)
    for url in (
        reverse("reports:report_detail", args=[report.pk]),
        reverse("reports:report_download", args=[report.pk, "xlsx"]),
        reverse("reports:report_delete", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:report_delete", args=[report.pk])).status_code == 404
    assert report.pk not in [r.pk for r in client.get(reverse("reports:report_list")).context["reports"]]
    client.force_login(world.analyst)
    assert client.get(reverse("reports:report_download", args=[report.pk, "docx"])).status_code == 404
    assert client.get(reverse("reports:report_download", args=[report.pk, "pdf"])).status_code == 404  # not asked for
    assert client.get(reverse("reports:report_detail", args=[uuid.uuid4()])).status_code == 404


def test_bad_input_shows_the_form_again(client, world):
    client.force_login(world.analyst)
    with translation.override("en"):
        response = client.post(
            reverse("reports:report_new"),
            {**FORM, "period": "Q4/2025<script>", "formats": []},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="form-errors"' in body and "is-invalid" in body and "<script>" not in body
    assert not Report.objects.exists()
    # An agency outside the supervisor's scope is refused, not silently replaced.
    client.force_login(world.supervisor)
    assert client.post(reverse("reports:report_new"), {**FORM, "agency": str(world.b.pk)}).status_code == 403


def test_deleting_a_report(client, world, small_reports):
    from safepath.reports import services

    report = services.report_create(actor=world.analyst, period="10/2025", agency="HN-MRC", formats=["xlsx"])
    client.force_login(world.supervisor)  # sees the agency's report, may not delete it
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200
    assert "delete-report" not in client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert client.post(reverse("reports:report_delete", args=[report.pk])).status_code == 403
    client.force_login(world.analyst)
    confirm = client.get(reverse("reports:report_delete", args=[report.pk]))
    assert confirm.status_code == 200 and 'id="confirm-delete"' in confirm.content.decode()
    assert Report.objects.filter(pk=report.pk).exists()  # asking is not deleting
    response = client.post(reverse("reports:report_delete", args=[report.pk]))
    assert response.status_code == 302 and not Report.objects.filter(pk=report.pk).exists()


def test_schedules_for_a_supervisor(client, world):
    client.force_login(world.supervisor)
    assert client.get(reverse("reports:schedule_new")).status_code == 200
    response = client.post(reverse("reports:schedule_new"), {**FORM, "kind": "quarterly"})
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert schedule.kind == "quarterly" and schedule.agency == world.a and schedule.active
    listing = client.get(reverse("reports:schedule_list")).content.decode()
    assert reverse("reports:schedule_toggle", args=[schedule.pk]) in listing
    assert client.get(reverse("reports:schedule_toggle", args=[schedule.pk])).status_code == 405
    client.post(reverse("reports:schedule_toggle", args=[schedule.pk]))
    schedule.refresh_from_db()
    assert not schedule.active
    assert client.post(reverse("reports:schedule_new"), {**FORM, "kind": "weekly"}).status_code == 400
    client.force_login(world.supervisor_b)  # another agency's supervisor does not see it
    assert client.post(reverse("reports:schedule_delete", args=[schedule.pk])).status_code == 404
    client.force_login(world.analyst)  # analysts do not schedule
    assert client.get(reverse("reports:schedule_list")).status_code == 403
    client.force_login(world.supervisor)
    assert client.get(reverse("reports:schedule_delete", args=[schedule.pk])).status_code == 200
    client.post(reverse("reports:schedule_delete", args=[schedule.pk]))
    assert not ReportSchedule.objects.exists()


def test_pages_in_both_languages(client, world, small_reports):
    from safepath.reports import services

    report = services.report_create(actor=world.analyst, period="10/2025", formats=["xlsx"])
    client.force_login(world.analyst)
    for lang in ("vi", "en"):
        client.cookies["django_language"] = lang
        for url in (
            reverse("reports:report_list"),
            reverse("reports:report_new"),
            reverse("reports:report_detail", args=[report.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, (lang, url)
