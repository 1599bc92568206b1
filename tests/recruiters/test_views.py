"""Staff pages: the list in force with its date and status badges, search, the import page (a background
job followed on its report page), the history, the rejected rows as CSV, and who sees what."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.recruiters.models import Enterprise, LicenceImport
from tests.factories import UserFactory
from tests.recruiters.conftest import SMALL, csv_bytes

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "danh-sach.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_any_staff_member_reads_the_list_in_force(client, caseworker, sample_list):
    client.force_login(caseworker)
    page = client.get(reverse("recruiters:enterprise_list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "01/09/2025" in body and sample_list.source in body
    in_force = re.search(r'id="list-in-force">(.*?)</p>', body, re.S).group(1)
    assert re.findall(r"\d+", in_force.split(sample_list.source)[1]) == ["60", "52", "4", "4"]
    assert body.count('class="card mb-2') == 50  # a page of 50
    assert "text-bg-warning" in body and "text-bg-danger" in body  # suspended and revoked badges
    assert 'id="import-new"' not in body  # a caseworker does not import
    second = client.get(reverse("recruiters:enterprise_list"), {"page": 2}).content.decode()
    assert second.count('class="card mb-2') == 10


def test_searching_the_list(client, caseworker, sample_list):
    client.force_login(caseworker)
    url = reverse("recruiters:enterprise_list")
    body = client.get(url, {"q": "cty tnhh xkld hoang gia phat"}).content.decode()
    assert "Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát" in body and 'id="result-count"' in body
    near = client.get(url, {"q": "cong ty tnhh hoang gia"}).content.decode()
    assert 'id="not-found"' not in near and "border-warning" in near  # only a near miss, marked as such
    none = client.get(url, {"q": "Công ty TNHH Nhân lực Hoàng Long"}).content.decode()
    assert 'id="not-found"' in none and "Hoàng Gia Phát" not in none
    suspended = client.get(url, {"status": "suspended"}).content.decode()
    assert suspended.count('class="card mb-2') == 4


def test_without_a_list(client, outreach):
    client.force_login(outreach)
    body = client.get(reverse("recruiters:enterprise_list")).content.decode()
    assert 'id="no-list"' in body and reverse("recruiters:import_new") in body


def test_an_outreach_officer_imports_a_list_and_follows_it(
    client, outreach, sample_bytes, django_capture_on_commit_callbacks
):
    client.force_login(outreach)
    form = client.get(reverse("recruiters:import_new")).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'for="id_file"' in form and 'for="id_data_date"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruiters:import_new"),
            {"file": _upload(sample_bytes), "data_date": "01/09/2025", "source": "DOLAB, trang dolab.gov.vn"},
        )
    batch = LicenceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruiters:import_detail", args=[batch.pk])
    report = client.get(response["Location"]).content.decode()
    assert 'id="rows-accepted">60<' in report and 'id="rows-rejected">3<' in report and 'id="in-force"' in report
    assert "hx-trigger" not in report  # finished: no more polling
    assert "Tên doanh nghiệp" in report and 'id="rejected-rows"' in report
    assert batch.source == "DOLAB, trang dolab.gov.vn" and batch.imported_by == outreach
    # The job page of the core app follows it too (its starter may see it).
    assert client.get(reverse("web:job", args=[batch.job_id])).status_code == 200


def test_a_running_import_polls_its_report(client, outreach):
    from safepath.core.models import Job

    job = Job.objects.create(kind="import_licences", created_by=outreach, status="running", done=30, total=60)
    batch = LicenceImport.objects.create(
        source="DOLAB", data_date="2025-09-01", file_name="x.csv", content=b"", status="running", job=job
    )
    client.force_login(outreach)
    page = client.get(reverse("recruiters:import_detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="50"' in page and "<noscript>" in page
    fragment = client.get(reverse("recruiters:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'id="import-report"' in html and "<html" not in html and 'hx-trigger="every 1s"' in html


def test_a_bad_upload_re_renders_the_form_and_keeps_what_was_typed(client, outreach):
    client.force_login(outreach)
    url = reverse("recruiters:import_new")
    response = client.post(
        url, {"file": _upload(b"\x89PNG\r\n\x1a\n\x00\x00"), "data_date": "01/09/2025", "source": "Nguồn X"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'id="id_file_err"' in body and 'value="Nguồn X"' in body
    assert 'value="01/09/2025"' in body and not LicenceImport.objects.exists()
    response = client.post(url, {"file": _upload(csv_bytes(SMALL)), "data_date": "32/13/2025"})
    assert response.status_code == 400 and 'id="id_data_date_err"' in response.content.decode()
    response = client.post(url, {"data_date": "01/09/2025"})
    assert response.status_code == 400 and 'id="id_file_err"' in response.content.decode()
    assert not LicenceImport.objects.exists()


def test_the_history_and_the_rejected_rows_as_csv(client, sysadmin, sample_list, small_list):
    client.force_login(sysadmin)
    history = client.get(reverse("recruiters:import_list")).content.decode()
    assert history.count("<tr>") == 3 and "danh-sach-doanh-nghiep-mau.csv" in history
    download = client.get(reverse("recruiters:import_rejected_csv", args=[sample_list.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert 'filename="rejected-rows-2025-09-01.csv"' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][2:] == [
        "Tên doanh nghiệp",
        "Tên viết tắt",
        "Số giấy phép",
        "Ngày cấp",
        "Tình trạng",
        "Địa chỉ trụ sở",
        "Điện thoại",
    ]
    assert [r[0] for r in rows[1:]] == ["63", "64", "65"]
    assert rows[2][5] == "31/02/2019" and rows[2][1]  # the value as written, and the reason
    assert AccessEvent.objects.filter(object_type="licence_import", action="export").count() == 1


def test_putting_an_earlier_list_back_in_force(client, sysadmin, sample_list, small_list):
    client.force_login(sysadmin)
    report = client.get(reverse("recruiters:import_detail", args=[sample_list.pk])).content.decode()
    assert 'id="make-current"' in report
    assert client.get(reverse("recruiters:import_make_current", args=[sample_list.pk])).status_code == 405
    response = client.post(reverse("recruiters:import_make_current", args=[sample_list.pk]))
    assert response.status_code == 302
    assert LicenceImport.objects.get(is_current=True) == sample_list


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.AGENCY_ADMIN, Role.COUNSELLOR])
def test_others_read_the_list_but_do_not_import(client, role, small_list):
    user = UserFactory(roles=[role])
    client.force_login(user)
    assert client.get(reverse("recruiters:enterprise_list")).status_code == 200
    assert client.get(reverse("recruiters:import_new")).status_code == 403
    assert (
        client.post(
            reverse("recruiters:import_new"), {"file": _upload(csv_bytes(SMALL)), "data_date": "01/09/2025"}
        ).status_code
        == 403
    )
    assert client.get(reverse("recruiters:import_list")).status_code == 403
    assert client.get(reverse("recruiters:import_detail", args=[small_list.pk])).status_code == 404
    assert client.get(reverse("recruiters:import_rejected_csv", args=[small_list.pk])).status_code == 404
    assert client.post(reverse("recruiters:import_make_current", args=[small_list.pk])).status_code == 404
    assert LicenceImport.objects.count() == 1 and Enterprise.objects.count() == 3


def test_no_login_no_pages(client, small_list):
    for url in [
        reverse("recruiters:enterprise_list"),
        reverse("recruiters:import_new"),
        reverse("recruiters:import_list"),
        reverse("recruiters:import_detail", args=[small_list.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_an_inactive_user_is_refused(client, outreach, small_list):
    outreach.is_active = False
    outreach.save()
    client.force_login(outreach)
    assert client.get(reverse("recruiters:import_new")).status_code in (302, 403)
