"""Programme reports, the services: requesting (scope, input, parameters kept), generating (figures of the
period and the previous one, suppressed), schedules (once per period), deleting.

The fixture is small and hand-counted (`make_world`): consultations of two agencies,

* October 2025: agency A 12 women and 3 men, agency B 20 women: 35 in all (32 women, 3 men);
* September 2025: agency A 11 women.

With the threshold of 10, the 3 men are a small cell (hidden) and the women hidden with them (else
32 = 35 - 3 would give the men away); agency A alone: 12 and 3 of 15, both hidden, 15 shown.
The other test modules of programme reports import these helpers.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from safepath.accounts.roles import Role
from safepath.core.models import Job, JobStatus
from safepath.reports import documents, services
from safepath.reports.models import Report, ReportSchedule, ReportStatus
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

OCTOBER = "10/2025"


def consultations(agency: Any, day: dt.date, sex: str, n: int) -> None:
    from safepath.cases.models import Consultation

    for _i in range(n):
        Consultation.objects.create(
            agency=agency,
            held_on=day,
            channel="phone",
            migration_stage="potential",
            outcome="information_given",
            sex=sex,
            age_band="25-34",
            summary="",
        )


def make_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.a = AgencyFactory(code="HN-MRC")
    w.b = AgencyFactory(code="LC-MRC")
    w.analyst = UserFactory(agency=w.a, roles=[Role.ANALYST], username="phantich")
    w.analyst2 = UserFactory(agency=w.b, roles=[Role.ANALYST], username="phantich2")
    w.supervisor = UserFactory(agency=w.a, roles=[Role.SUPERVISOR], username="giamsat")
    w.supervisor_b = UserFactory(agency=w.b, roles=[Role.SUPERVISOR], username="giamsat.lc")
    w.caseworker = UserFactory(agency=w.a, roles=[Role.CASEWORKER], username="canbo")
    w.admin = UserFactory(agency=w.a, roles=[Role.SYSTEM_ADMIN], username="quantri")
    consultations(w.a, dt.date(2025, 10, 3), "female", 12)
    consultations(w.a, dt.date(2025, 10, 20), "male", 3)
    consultations(w.b, dt.date(2025, 10, 7), "female", 20)
    consultations(w.a, dt.date(2025, 9, 9), "female", 11)
    return w


@pytest.fixture
def world() -> SimpleNamespace:
    return make_world()


BASE: dict[str, Any] = {
    "kind": "monthly",
    "period": OCTOBER,
    "language": "vi",
    "indicators": ["MRC-01"],
    "formats": ["xlsx"],
}


def request(actor: Any, **params: Any) -> Report:
    defaults = BASE
    return services.report_request(actor=actor, **{**defaults, **params})


def generated(actor: Any, **params: Any) -> Report:
    defaults = BASE
    report = services.report_create(actor=actor, **{**defaults, **params})
    return services.report_generate(report)


# --- requesting -----------------------------------------------------------------------------------


def test_a_request_keeps_its_parameters_and_runs_as_a_job(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = request(world.analyst, formats=["pdf", "xlsx"])
    report.refresh_from_db()
    p = report.parameters
    assert p["kind"] == "monthly" and p["period"] == "2025-10" and p["period_kind"] == "month"
    assert (p["period_start"], p["period_end"]) == ("2025-10-01", "2025-10-31")
    assert p["agencies_counted"] is None and p["agency"] == ""  # an analyst counts every agency
    assert p["programmes"] == ["MRC", "QD193_2021_2025"]  # the programmes running in October 2025
    assert p["indicators"] == ["MRC-01"] and p["formats"] == ["xlsx", "pdf"]  # in SafePath's order
    assert p["indicator_version"] == report.indicator_version and p["threshold"] == report.threshold == 10
    assert p["requested_by"] == str(world.analyst.pk) and report.created_by == world.analyst
    assert services.request_parameters(report) == {
        "kind": "monthly",
        "period": "2025-10",
        "language": "vi",
        "formats": ["xlsx", "pdf"],
        "agency": "",
        "province": "",
        "legacy_province": "",
        "programmes": ["MRC", "QD193_2021_2025"],
        "indicators": ["MRC-01"],
    }
    # The task ran once the request committed (the test settings run tasks at once).
    assert report.status == ReportStatus.DONE and report.xlsx and report.pdf and report.finished_at
    job = Job.objects.get(pk=report.job_id)
    assert job.kind == "generate_report" and job.status == JobStatus.DONE and job.created_by == world.analyst
    assert job.result["url"].endswith(f"/{report.pk}/") and job.total == 1


def test_the_same_parameters_make_the_same_report_again(world):
    first = generated(world.analyst)
    again = services.report_create(actor=world.analyst, **services.request_parameters(first))
    assert again.parameters == first.parameters


def test_a_supervisor_counts_their_own_agency(world):
    report = services.report_create(actor=world.supervisor, period=OCTOBER, indicators=["MRC-01"])
    assert report.kind == "monthly"  # from the period
    assert report.agency == world.a and report.parameters["agencies_counted"] == [str(world.a.pk)]
    assert report.parameters["agency_code"] == "HN-MRC"


def test_out_of_scope_requests_are_refused(world):
    with pytest.raises(PermissionDenied):  # another agency than their own
        request(world.supervisor, agency=str(world.b.pk))
    with pytest.raises(PermissionDenied):  # by its code too
        request(world.supervisor, agency="LC-MRC")
    with pytest.raises(PermissionDenied):  # case workers see no aggregates
        request(world.caseworker)
    assert not Report.objects.exists()
    report = request(world.analyst, agency="lc-mrc")  # an analyst may ask for any agency
    assert report.agency == world.b and report.parameters["agencies_counted"] == [str(world.b.pk)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "13/2025"}, "period"),
        ({"period": "tháng mười"}, "period"),
        ({"period": "Q4/2025"}, "period"),  # a quarter for a monthly report
        ({"period": "01/2099"}, "period"),
        ({"kind": "weekly"}, "kind"),
        ({"language": "fr"}, "language"),
        ({"formats": []}, "formats"),
        ({"formats": ["docx"]}, "formats"),
        ({"agency": "KHONG-CO"}, "agency"),
        ({"province": "99"}, "province"),
        ({"province": "01", "legacy_province": "01"}, "legacy_province"),
        ({"programmes": ["QD000"]}, "programmes"),
        ({"indicators": ["XX-01"]}, "indicators"),
    ],
)
def test_bad_input_is_a_clear_error(world, params, field):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        request(world.analyst, **params)
    assert field in exc.value.message_dict
    assert all(m and "Traceback" not in m for m in exc.value.message_dict[field])
    assert not Report.objects.exists()


def test_other_kinds_of_period(world):
    quarterly = services.report_create(actor=world.analyst, kind="quarterly", period="Q3/2025", indicators=["MRC-01"])
    annual = services.report_create(actor=world.analyst, period="2024", indicators=["MRC-01"])
    custom = services.report_create(actor=world.analyst, period="01/08/2025-31/10/2025", indicators=["MRC-01"])
    assert (quarterly.period_start, quarterly.period_end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert annual.kind == "annual" and annual.period_kind == "year"
    assert custom.kind == "custom" and custom.period_end == dt.date(2025, 10, 31)
    # a span of days that is not whole months is refused, saying what to write instead
    with pytest.raises(ValidationError) as caught:
        services.report_create(actor=world.analyst, period="01/10/2025-15/10/2025", indicators=["MRC-01"])
    assert "01/10/2025-31/10/2025" in caught.value.message_dict["period"][0]


# --- generating -----------------------------------------------------------------------------------


def test_figures_of_the_period_and_the_previous_one(world):
    report = generated(world.analyst)
    with translation.override("en"):
        data = documents.build(report)
    [block] = data.blocks
    assert (block.value.value, block.previous.value, block.change) == (35, 11, 24)
    assert block.text == "35" and block.change_text == "+24"
    assert data.previous_label == "Month 9/2025"
    by_sex = next(t for t in block.tables if t.dim == "sex")
    assert {r.code: r.figure.hidden for r in by_sex.rows} == {"female": True, "male": True}
    assert by_sex.total.value == 35 and not by_sex.total.hidden
    assert all(r.figure.value is None for r in by_sex.rows)  # hidden cells carry no value at all
    by_agency = next(t for t in block.tables if t.dim == "agency")
    assert {r.label: r.figure.value for r in by_agency.rows} == {"HN-MRC": 15, "LC-MRC": 20}
    assert by_sex.suppression is not None and by_sex.suppression.suppressed_primary == 1
    assert by_sex.suppression.suppressed_secondary == 1
    # A supervisor's report counts their agency only.
    own = services.report_create(actor=world.supervisor, period=OCTOBER, indicators=["MRC-01"])
    [mine] = documents.build(own).blocks
    assert (mine.value.value, mine.previous.value) == (15, 11)
    assert "agency" not in {t.dim for t in mine.tables}  # one agency: no breakdown by agency


def test_a_quarter_is_broken_down_by_month(world):
    report = services.report_create(actor=world.analyst, kind="quarterly", period="Q4/2025", indicators=["MRC-01"])
    [block] = documents.build(report).blocks
    months = block.tables[0]
    assert months.dim == "month" and [r.code for r in months.rows] == ["2025-10", "2025-11", "2025-12"]
    assert [r.figure.value for r in months.rows] == [35, 0, 0]
    assert block.previous.value == 11  # the third quarter


def test_a_small_previous_period_is_hidden_and_so_is_the_change(world):
    consultations(world.a, dt.date(2025, 8, 1), "female", 4)
    report = generated(world.supervisor, period="09/2025")
    [block] = documents.build(report).blocks
    assert block.value.value == 11 and block.previous.hidden and block.change is None


def test_a_failure_is_kept_on_the_report(world, monkeypatch):
    report = services.report_create(actor=world.analyst, period=OCTOBER, indicators=["MRC-01"])

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(documents, "build", broken)
    report = services.report_generate(report)
    assert report.status == ReportStatus.FAILED and report.error == "RuntimeError" and not report.xlsx


# --- reading and deleting -------------------------------------------------------------------------


def test_who_sees_and_deletes_a_report(world):
    from django.http import Http404

    mine = request(world.supervisor)  # agency A's report
    other = request(world.analyst)
    assert set(services.report_list_for(user=world.supervisor)) == {mine}
    assert set(services.report_list_for(user=world.admin)) == {mine, other}
    assert not services.report_list_for(user=world.caseworker).exists()
    with pytest.raises(Http404):
        services.report_get_for(user=world.analyst2, report_id=other.pk)
    with pytest.raises(Http404):
        services.report_get_for(user=world.analyst, report_id="not-a-uuid")
    # A supervisor of the agency sees an analyst's report about it, but only its creator deletes it.
    about_a = request(world.analyst, agency="HN-MRC")
    assert services.report_get_for(user=world.supervisor, report_id=about_a.pk) == about_a
    with pytest.raises(PermissionDenied):
        services.report_delete(actor=world.supervisor, report=about_a)
    services.report_delete(actor=world.analyst, report=about_a)
    services.report_delete(actor=world.admin, report=mine)
    assert set(Report.objects.all()) == {other}


# --- schedules ------------------------------------------------------------------------------------


def test_a_schedule_makes_each_report_once(world, django_capture_on_commit_callbacks):
    schedule = services.schedule_create(
        actor=world.supervisor, kind="monthly", formats=["xlsx"], today=dt.date(2025, 10, 15)
    )
    assert schedule.next_due == dt.date(2025, 11, 1) and schedule.agency == world.a
    assert services.schedule_run_due(today=dt.date(2025, 10, 31)) == []
    with django_capture_on_commit_callbacks(execute=True):
        [made] = services.schedule_run_due(today=dt.date(2025, 11, 1))
    assert (made.period_start, made.period_end, made.schedule) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 10, 31),
        schedule,
    )
    made.refresh_from_db()
    assert made.status == ReportStatus.DONE and made.created_by == world.supervisor and made.formats == ["xlsx"]
    schedule.refresh_from_db()
    assert schedule.last_period_start == dt.date(2025, 10, 1) and schedule.next_due == dt.date(2025, 12, 1)
    assert services.schedule_run_due(today=dt.date(2025, 11, 20)) == []  # run again: nothing new
    later = services.schedule_run_due(today=dt.date(2026, 1, 5))  # missed a run: both months, in order
    assert [r.period_start for r in later] == [dt.date(2025, 11, 1), dt.date(2025, 12, 1)]
    assert Report.objects.filter(schedule=schedule).count() == 3
    # The database itself refuses a second report of the same period for a schedule.
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            kind="monthly",
            period_start=dt.date(2025, 10, 1),
            period_end=dt.date(2025, 10, 31),
            period_kind="month",
            schedule=schedule,
        )


def test_quarterly_and_annual_schedules(world):
    quarterly = services.schedule_create(actor=world.admin, kind="quarterly", today=dt.date(2025, 8, 2))
    annual = services.schedule_create(actor=world.admin, kind="annual", today=dt.date(2025, 8, 2))
    assert quarterly.next_due == dt.date(2025, 10, 1) and annual.next_due == dt.date(2026, 1, 1)
    made = services.schedule_run_due(today=dt.date(2026, 1, 1))
    assert sorted((r.kind, r.period_start) for r in made) == [
        ("annual", dt.date(2025, 1, 1)),
        ("quarterly", dt.date(2025, 7, 1)),
        ("quarterly", dt.date(2025, 10, 1)),
    ]


def test_a_paused_schedule_makes_nothing_and_resumes_from_now(world):
    schedule = services.schedule_create(actor=world.supervisor, kind="monthly", today=dt.date(2025, 10, 15))
    services.schedule_toggle(actor=world.supervisor, schedule=schedule)
    assert services.schedule_run_due(today=dt.date(2025, 12, 5)) == []
    services.schedule_toggle(actor=world.supervisor, schedule=schedule, today=dt.date(2025, 12, 5))
    assert schedule.active and schedule.next_due == dt.date(2026, 1, 1)  # the missed months are not made


def test_a_schedule_whose_owner_lost_the_right_stops(world):
    from safepath.accounts.models import UserRole

    schedule = services.schedule_create(actor=world.supervisor, kind="monthly", today=dt.date(2025, 10, 15))
    UserRole.objects.filter(user=world.supervisor).update(role=Role.CASEWORKER)
    world.supervisor.forget_roles()
    [failed] = services.schedule_run_due(today=dt.date(2025, 11, 2))
    assert failed.status == ReportStatus.FAILED and failed.error == "refused" and not failed.xlsx
    schedule.refresh_from_db()
    assert not schedule.active


def test_schedules_need_the_right_and_stay_in_scope(world):
    with pytest.raises(PermissionDenied):
        services.schedule_create(actor=world.analyst, kind="monthly")  # analysts do not schedule
    with pytest.raises(PermissionDenied):
        services.schedule_create(actor=world.supervisor, kind="monthly", agency="LC-MRC")
    with pytest.raises(ValidationError) as exc:
        services.schedule_create(actor=world.supervisor, kind="custom")
    assert "kind" in exc.value.message_dict
    mine = services.schedule_create(actor=world.supervisor, kind="monthly")
    assert list(services.schedule_list_for(user=world.supervisor_b)) == []
    assert list(services.schedule_list_for(user=world.admin)) == [mine]
    services.schedule_delete(actor=world.supervisor, schedule=mine)
    assert not ReportSchedule.objects.exists()


def test_running_due_schedules_never_breaks_the_alerts_loop(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "schedule_run_due", broken)
    assert services.schedule_run_due_safely() == 0


def test_file_names(world):
    report = request(world.analyst)
    assert services.file_name(report, "xlsx") == "safepath-bao-cao-thang-2025-10-vi.xlsx"
    english = request(world.supervisor, kind="quarterly", period="Q3/2025", language="en")
    assert services.file_name(english, "pdf") == "safepath-quarterly-report-2025-q3-hn-mrc-en.pdf"
    days = request(world.analyst, kind="custom", period="01/09/2025-31/10/2025", province="01")
    assert services.file_name(days, "pdf") == "safepath-bao-cao-2025-09-01-2025-10-31-p01-vi.pdf"
