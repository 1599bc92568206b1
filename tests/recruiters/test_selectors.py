"""The public check (the interface the portal and the job-offer check call): matches with their status,
the date and source of the list in force, nothing for companies not on it, names inside a message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from safepath.recruiters import selectors
from safepath.recruiters.models import DOLAB_SOURCE
from tests.recruiters.conftest import DATA_DATE, SMALL, csv_bytes, run_import

pytestmark = pytest.mark.django_db


def test_without_a_list_the_check_says_so(db):
    check = selectors.enterprise_check("Công ty Sao Mai")
    assert (check.found, check.has_list, check.data_date, check.source, check.matches) == (False, False, None, "", [])
    assert selectors.enterprise_check_text("Công ty CP Nhân lực Quốc tế Sao Mai tuyển") == []


def test_a_licensed_enterprise_typed_without_accents(sample_list):
    check = selectors.enterprise_check("cong ty co phan nhan luc quoc te sao mai")
    assert check.found and check.has_list
    assert (check.data_date, check.source) == (DATA_DATE, DOLAB_SOURCE)
    top = check.matches[0]
    assert (top.name, top.short_name, top.licence_number, top.licence_date) == (
        "Công ty Cổ phần Nhân lực Quốc tế Sao Mai",
        "SAO MAI MANPOWER JSC",
        "416/LĐTBXH-GP",
        dt.date(2020, 11, 13),
    )
    assert (top.status, top.is_active, top.matched_on) == ("active", True, "name")
    assert top.address.startswith("Số 126") and top.phone == "024 3718 1007" and top.score == 1.0
    with translation.override("en"):
        assert top.status_label == "Licensed, active"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("cty tnhh xkld hoang gia phat", "revoked"),
        ("Cong ty co phan thuong mai va xuat khau lao dong hung thinh phat", "suspended"),
        ("cty cp xkld tay bac hung", "suspended"),
    ],
)
def test_suspended_and_revoked_enterprises_are_found_with_their_status(sample_list, text, status):
    check = selectors.enterprise_check(text)
    assert check.matches[0].status == status and not check.matches[0].is_active


@pytest.mark.parametrize(
    "text",
    [
        "Công ty TNHH Nhân lực Hoàng Long",
        "Công ty CP Nhân lực Quốc tế Sao Kim",
        "cong ty co phan xuat khau lao dong",
        "Công ty TNHH MTV Thiên Phú",
    ],
)
def test_a_company_not_on_the_list_is_not_found(sample_list, text):
    check = selectors.enterprise_check(text)
    assert not check.found and check.matches == [] and check.data_date == DATA_DATE


def test_only_the_list_in_force_is_searched(small_list):
    old = run_import(csv_bytes([("Công ty TNHH Nhân lực Trường Giang Xanh", "", "9/GP", "", "", "", "")]))
    assert selectors.enterprise_check("Trường Giang Xanh").found  # in force
    assert not selectors.enterprise_check("Sao Mai").found  # only on the earlier list
    run_import(csv_bytes(SMALL))
    assert not selectors.enterprise_check("Trường Giang Xanh").found
    assert selectors.enterprise_check("Sao Mai").found
    assert old.pk != small_list.pk


def test_the_limit_and_a_licence_number(sample_list):
    assert len(selectors.enterprise_check("Sao Mai", limit=1).matches) == 1
    check = selectors.enterprise_check("186/LĐTBXH-GP")
    assert [(m.name, m.matched_on) for m in check.matches] == [
        ("Tổng công ty Hợp tác Lao động Quốc tế Việt Tín Phát", "licence_number")
    ]


def test_names_found_inside_a_pasted_advert(sample_list):
    ad = (
        "THÔNG BÁO TUYỂN DỤNG!!! Cty TNHH Cung ứng Nhân lực Bình Minh Xanh tuyển 20 nữ đi Đài Loan.\n"
        "Đối tác: Sao Mai Manpower JSC. Công ty TNHH Nhân lực Hoàng Long nhận hồ sơ, GP số 103/LĐTBXH-GP."
    )
    found = selectors.enterprise_check_text(ad)
    assert [(m.name, m.found_text) for m in found] == [
        ("Công ty TNHH Cung ứng Nhân lực Bình Minh Xanh", "Cty TNHH Cung ứng Nhân lực Bình Minh Xanh"),
        ("Công ty Cổ phần Nhân lực Quốc tế Sao Mai", "Sao Mai Manpower JSC"),
        ("Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát", "103/LĐTBXH-GP"),
    ]
    assert found[2].status == "revoked" and found[2].matched_on == "licence_number"
    mentions = selectors.enterprise_mentions(ad)
    unknown = [m.text for m in mentions if m.match is None]
    assert unknown == ["Công ty TNHH Nhân lực Hoàng Long"]


def test_a_message_without_company_names(sample_list):
    assert selectors.enterprise_check_text("Tuyển gấp 50 nam đi Nhật, lương cao, bay ngay, không cần tiếng.") == []
    assert selectors.enterprise_check_text("") == []
    assert selectors.enterprise_check_text("\x00" * 50 + "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ" + "cty " * 5000) == []
