"""Importing the licence list: the report, the list in force switched in one transaction, history kept,
files that cannot be read changing nothing, the background job, and who may import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safepath.audit.models import AccessEvent
from safepath.core.models import Job
from safepath.recruiters import selectors, services
from safepath.recruiters.models import DOLAB_SOURCE, Enterprise, LicenceImport
from tests.recruiters.conftest import DATA_DATE, SMALL, csv_bytes, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_the_sample_list_is_imported_with_its_report(sample_list):
    batch = sample_list
    assert (batch.status, batch.is_current, batch.file_format) == ("done", True, "csv")
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (63, 60, 3)
    assert [r["row"] for r in batch.rejected] == [63, 64, 65]  # the title row and the header come first
    assert [r["reasons"][0]["code"] for r in batch.rejected] == ["missing_name", "bad_date", "duplicate_licence"]
    assert batch.source == DOLAB_SOURCE and batch.data_date == DATA_DATE
    assert Enterprise.objects.filter(batch=batch).count() == 60
    e = Enterprise.objects.get(batch=batch, licence_number="416/LĐTBXH-GP")
    assert e.name == "Công ty Cổ phần Nhân lực Quốc tế Sao Mai" and e.status == "active"
    assert e.name_folded == "cong ty co phan nhan luc quoc te sao mai"
    assert e.search_tokens == "cty cp nhanluc qt sao mai" and e.licence_key == "416LDTBXHGP"
    assert Enterprise.objects.filter(batch=batch, status="suspended").count() == 4
    assert Enterprise.objects.filter(batch=batch, status="revoked").count() == 4
    events = AccessEvent.objects.filter(object_type="licence_import").order_by("seq")
    assert [e.purpose for e in events] == ["", "licence_list_in_force"]
    assert events.last().detail["rows_accepted"] == 60


def test_an_excel_list_is_imported(db):
    rows = [(*r[:3], dt.datetime.strptime(r[3], "%d/%m/%Y"), *r[4:]) for r in SMALL]
    batch = run_import(xlsx_bytes(rows, title="DANH SÁCH"), file_name="list.xlsx")
    assert (batch.status, batch.file_format, batch.rows_accepted) == ("done", "xlsx", 3)
    assert batch.columns["licence_date"] == "Ngày cấp"
    assert Enterprise.objects.get(batch=batch, licence_number="101/LĐTBXH-GP").licence_date == dt.date(2015, 3, 12)


def test_a_new_list_replaces_the_one_in_force_and_the_old_one_is_kept(small_list, sample_list):
    small_list.refresh_from_db()
    assert not small_list.is_current and sample_list.is_current
    assert LicenceImport.objects.filter(is_current=True).count() == 1
    assert Enterprise.objects.filter(batch=small_list).count() == 3  # history kept
    # The check reads the list in force only: the small list's Bình Minh Xanh was suspended; now it is active.
    check = selectors.enterprise_check("Cty TNHH Cung ứng Nhân lực Bình Minh Xanh")
    assert check.data_date == DATA_DATE and [m.status for m in check.matches] == ["active"]
    assert check.matches[0].licence_number == "084/LĐTBXH-GP"


def test_an_earlier_list_can_be_put_back_in_force(small_list, sample_list, outreach):
    services.licence_import_make_current(actor=outreach, batch=small_list)
    assert LicenceImport.objects.get(is_current=True) == small_list
    assert selectors.enterprise_check("Bình Minh Xanh").matches[0].status == "suspended"
    event = AccessEvent.objects.filter(object_type="licence_import").order_by("seq").last()
    assert event.actor == outreach and event.detail["replaced"] == [str(sample_list.pk)]


def test_a_failure_while_saving_changes_nothing(small_list, sample_bytes, monkeypatch):
    batch = services.licence_import_create(actor=None, file_name="x.csv", content=sample_bytes, data_date=DATA_DATE)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_put_in_force", broken)
    with pytest.raises(RuntimeError):
        services.licence_import_run(import_id=batch.pk)
    assert Enterprise.objects.filter(batch=batch).count() == 0  # the rows written before are rolled back
    assert LicenceImport.objects.get(is_current=True) == small_list
    assert selectors.enterprise_check("Sao Mai").matches[0].licence_number == "101/LĐTBXH-GP"


def test_a_file_that_cannot_be_read_changes_nothing(small_list):
    with pytest.raises(ValidationError) as caught:
        services.licence_import_create(
            actor=None, file_name="photo.jpg", content=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", data_date=DATA_DATE
        )
    assert list(caught.value.message_dict) == ["file"]
    assert LicenceImport.objects.count() == 1 and LicenceImport.objects.get().is_current


def test_a_file_without_a_good_row_fails_and_keeps_the_list_in_force(small_list):
    bad = [("", "", "1/GP", "", "", "", ""), ("Công ty A", "", "", "", "", "", "")]
    batch = run_import(csv_bytes(bad))
    assert (batch.status, batch.is_current, batch.failure) == ("failed", False, {"code": "no_rows"})
    assert (batch.rows_read, batch.rows_rejected, len(batch.rejected)) == (2, 2, 2)
    assert LicenceImport.objects.get(is_current=True) == small_list


def test_a_run_happens_once(small_list):
    again = services.licence_import_run(import_id=small_list.pk)
    assert again.status == "done" and Enterprise.objects.filter(batch=small_list).count() == 3


def test_the_database_keeps_one_list_in_force(small_list):
    other = run_import(csv_bytes(SMALL[:1]))
    assert other.is_current
    with pytest.raises(IntegrityError), transaction.atomic():
        LicenceImport.objects.filter(pk=small_list.pk).update(is_current=True)


@pytest.mark.parametrize(
    ("data_date", "field"),
    [("", "data_date"), ("31/02/2025", "data_date"), ("01/01/2999", "data_date"), ("01/01/1990", "data_date")],
)
def test_the_date_of_the_list_is_checked(data_date, field):
    with pytest.raises(ValidationError) as caught:
        services.licence_import_create(actor=None, file_name="x.csv", content=csv_bytes(SMALL), data_date=data_date)
    assert list(caught.value.message_dict) == [field]
    assert not LicenceImport.objects.exists()


def test_a_file_is_needed_and_the_source_defaults_to_dolab():
    with pytest.raises(ValidationError) as caught:
        services.licence_import_create(actor=None, file_name="", content=b"", data_date="01/09/2025")
    assert list(caught.value.message_dict) == ["file"]
    batch = services.licence_import_create(
        actor=None, file_name="../../etc/passwd\x00.csv", content=csv_bytes(SMALL), data_date="01/09/2025", source=""
    )
    assert batch.source == DOLAB_SOURCE and batch.file_name == "passwd.csv" and batch.status == "queued"


@pytest.mark.parametrize("user", ["caseworker", "sysadmin", "outreach"])
def test_who_may_import(request, user):
    actor = request.getfixturevalue(user)
    call = lambda: services.licence_import_create(  # noqa: E731
        actor=actor, file_name="x.csv", content=csv_bytes(SMALL), data_date=DATA_DATE
    )
    if user == "caseworker":
        with pytest.raises(PermissionDenied):
            call()
    else:
        assert call().imported_by == actor


def test_the_staff_import_runs_as_a_job_with_progress(outreach, django_capture_on_commit_callbacks, sample_bytes):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.licence_import_start(
            actor=outreach, file_name="list.csv", content=sample_bytes, data_date="01/09/2025", source="DOLAB"
        )
    batch.refresh_from_db()
    job = Job.objects.get(pk=batch.job_id)
    assert (job.kind, job.status, job.created_by) == ("import_licences", "done", outreach)
    assert job.total == 60 and job.done == 60 and job.percent == 100
    assert job.result["url"] == f"/recruiters/imports/{batch.pk}/" and job.result["rows_rejected"] == 3
    assert batch.status == "done" and batch.is_current and batch.imported_by == outreach


def test_a_job_that_breaks_marks_the_import_failed(outreach, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(services, "_put_in_force", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with django_capture_on_commit_callbacks(execute=True):  # the task fails; the immediate backend logs it
        batch = services.licence_import_start(
            actor=outreach, file_name="list.csv", content=csv_bytes(SMALL), data_date=DATA_DATE
        )
    batch = LicenceImport.objects.get()
    assert (batch.status, batch.failure) == ("failed", {"code": "internal"})
    assert Job.objects.get().status == "failed" and not Enterprise.objects.exists()
