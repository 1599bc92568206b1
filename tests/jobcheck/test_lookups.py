"""The database look-ups of the job-offer check: contacts reported to a centre, and the licence list."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection

from safepath.cases.services import recruiter_contact_add
from safepath.jobcheck.offers import ContactFound, check_offer

SCAM = "Tuyển CSKH tại Campuchia lương 1500$, bao vé máy bay. LH {contact}"


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cur.fetchone()[0]
    return counts


@pytest.mark.django_db
def test_a_contact_recorded_in_a_case_is_reported_and_nothing_else(case, caseworker):
    recruiter_contact_add(actor=caseworker, case=case, kind="phone", value="0900 000 123")
    report = check_offer(SCAM.format(contact="zalo 0900.000.123 hoặc 0900 000 999"))
    assert report.contacts_checked is True
    assert report.contacts_reported is True
    by_value = {c.value: c.reported for c in report.contacts}
    assert by_value == {"0900.000.123": True, "0900 000 999": False}
    assert "CONTACT_REPORTED" in report.codes
    flag = next(f for f in report.flags if f.code == "CONTACT_REPORTED")
    assert flag.weight == 5 and "0900.000.123" in flag.excerpt
    # Only a yes/no per contact: the answer carries nothing about the case, the person or the centre.
    assert [f.name for f in dataclasses.fields(ContactFound)] == ["kind", "value", "reported"]
    text = repr(report)
    assert str(case.pk) not in text and case.number not in text and "HN-MRC" not in text


@pytest.mark.django_db
def test_accounts_match_however_they_are_written(case, caseworker):
    recruiter_contact_add(actor=caseworker, case=case, kind="telegram", value="@Tuyen_Dung_88")
    recruiter_contact_add(actor=caseworker, case=case, kind="facebook", value="https://www.facebook.com/tuyendung.abc")
    recruiter_contact_add(actor=caseworker, case=case, kind="zalo", value="0900000321")
    assert check_offer(SCAM.format(contact="t.me/tuyen_dung_88")).contacts_reported
    assert check_offer(SCAM.format(contact="fb.com/tuyendung.abc")).contacts_reported
    assert check_offer(SCAM.format(contact="0900 000 321")).contacts_reported
    assert not check_offer(SCAM.format(contact="@someone_else")).contacts_reported


@pytest.mark.django_db
def test_no_contact_reported_without_a_record(case):
    report = check_offer(SCAM.format(contact="0900 000 123"))
    assert report.contacts_checked and not report.contacts_reported
    assert "CONTACT_REPORTED" not in report.codes


@pytest.mark.django_db
def test_a_check_writes_nothing(case, caseworker, licence_list):
    recruiter_contact_add(actor=caseworker, case=case, kind="phone", value="0900 000 123")
    before = _row_counts()
    report = check_offer(
        "Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát tuyển CSKH tại Campuchia, đặt cọc 5tr. LH 0900 000 123",
        {"passport_kept": "yes", "fee_asked": "50000000", "salary": "10000000"},
    )
    assert report.level == "high" and report.contacts_reported
    assert _row_counts() == before


@pytest.mark.django_db
def test_licensed_company_raises_no_licence_flag(licence_list):
    report = check_offer(
        "Công ty Cổ phần Nhân lực Quốc tế Sao Mai tuyển thực tập sinh đi Nhật Bản, lương 170.000 yên, chi phí 3.600 USD."
    )
    assert report.licence_checked and report.licence_data_date == dt.date(2026, 9, 1)
    company = report.companies[0]
    assert company.status == "active" and company.licensed is True and company.licence_number == "101/LĐTBXH-GP"
    assert "UNLICENSED_RECRUITER" not in report.codes


@pytest.mark.django_db
def test_revoked_licence_is_flagged(licence_list):
    report = check_offer("Cty Hoàng Gia Phát tuyển lao động đi Đài Loan, phí 4.000 USD")
    company = next(c for c in report.companies if c.status != "not_found")
    assert company.status == "revoked" and company.licensed is False
    flag = next(f for f in report.flags if f.code == "UNLICENSED_RECRUITER")
    assert flag.weight == 4 and "licence_revoked_or_suspended" in flag.signals


@pytest.mark.django_db
def test_company_not_on_the_list_is_flagged(licence_list):
    report = check_offer("Công ty TNHH Nhân lực Sao Băng Vàng tuyển lao động đi Nhật, phí 120 triệu")
    company = report.companies[0]
    assert company.status == "not_found" and company.licensed is False
    flag = next(f for f in report.flags if f.code == "UNLICENSED_RECRUITER")
    assert "company_not_on_licence_list" in flag.signals
    assert "1/9/2026" in flag.details[0] or "2026" in flag.details[0]


@pytest.mark.django_db
def test_words_after_cong_ty_that_name_no_company_are_not_flagged(licence_list):
    report = check_offer(
        "Đơn hàng đi Nhật, lương 17 man. Liên hệ văn phòng cong ty de duoc tu van, GP so 101/LDTBXH-GP"
    )
    assert [c.status for c in report.companies] == ["active"]
    assert "UNLICENSED_RECRUITER" not in report.codes


@pytest.mark.django_db
def test_a_company_hiring_at_home_needs_no_labour_export_licence(licence_list):
    report = check_offer("Công ty TNHH Điện tử Ánh Dương tuyển 200 công nhân tại KCN Quế Võ, Bắc Ninh, lương 8 triệu.")
    assert report.companies[0].status == "not_found"
    assert report.level == "none"


@pytest.mark.django_db
def test_without_a_licence_list_the_status_is_unknown_and_not_flagged():
    report = check_offer("Công ty TNHH Nhân lực Sao Băng Vàng tuyển lao động đi Nhật, phí 120 triệu")
    assert report.licence_checked is False and report.licence_data_date is None
    assert report.companies[0].status == "unknown" and report.companies[0].licensed is None
    assert "UNLICENSED_RECRUITER" not in report.codes


@pytest.mark.django_db
def test_the_licence_list_is_read_once_however_many_companies_are_named(licence_list):
    from django.test.utils import CaptureQueriesContext

    one = "Công ty TNHH Nhân lực Sao Băng Vàng tuyển lao động đi Nhật, phí 120 triệu"
    many = (
        "Công ty TNHH Nhân lực Sao Băng Vàng, Công ty CP Minh Long, Công ty TNHH Ánh Dương, Cty Hoàng Gia Phát, "
        "Công ty CP Nhân lực Quốc tế Sao Mai tuyển lao động đi Nhật, phí 120 triệu"
    )
    check_offer(one, lookup_contacts=False)  # the index of the list is built once per process
    counts = []
    for text in (one, many):
        with CaptureQueriesContext(connection) as queries:
            report = check_offer(text, lookup_contacts=False)
        assert report.licence_checked
        counts.append(len(queries.captured_queries))
    assert len(check_offer(many, lookup_contacts=False).companies) >= 4
    assert counts == [1, 1]
