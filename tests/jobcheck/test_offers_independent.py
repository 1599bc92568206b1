"""The changes made after the independent corpus: work abroad, official notices, domestic pay, job fees."""

from __future__ import annotations

import pytest

from safepath.jobcheck.offers import check_offer


def codes(text: str) -> list[str]:
    return check_offer(text, lookup_contacts=False, lookup_licences=False).codes


# 1. A licence to send workers abroad matters only when the work is abroad.
@pytest.mark.parametrize(
    "text",
    [
        "Nhà máy điện tử ở KCN Quế Võ, Bắc Ninh tuyển công nhân, lương 9 triệu, phí đồng phục do công ty chịu, "
        "đối tác ở Nhật Bản.",
        "Nha hang o Da Nang tuyen phuc vu, khach chu yeu tu Han Quoc, khong qua cong ty trung gian, dong phi 0.",
        "Remote support role within Vietnam for an Australia client. We will never ask you to travel abroad.",
    ],
)
def test_domestic_jobs_are_not_unlicensed_recruiting(text):
    assert "UNLICENSED_RECRUITER" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nhận hồ sơ đi Đài Loan, đi thẳng không qua công ty nên rẻ hơn, phí 3.000$.",
        "tuyen lao dong xuat canh sang nhat, khong qua cong ty, lien he chi Mai",
        "Work in Taiwan factory, no agency, direct hiring, visa fee 2,000 USD.",
    ],
)
def test_work_abroad_through_a_broker_is_still_flagged(text):
    assert "UNLICENSED_RECRUITER" in codes(text)


# 3. Pay is compared with what such work pays where the job is.
@pytest.mark.parametrize(
    "text",
    [
        "Tuyển công nhân nhà máy ở Bắc Ninh, lương 8–12 triệu/tháng, không cần kinh nghiệm.",
        "tuyen cong nhan kcn, thu nhap 8-12tr/thang, ko can kinh nghiem",
        "Factory workers wanted in Binh Duong, 10 million VND/month, no experience needed.",
    ],
)
def test_ordinary_domestic_pay_is_not_too_good(text):
    assert "TOO_GOOD_TO_BE_TRUE_PAY" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tuyển nhân viên nhập liệu tại nhà, không cần kinh nghiệm, lương 35 triệu/tháng.",
        "tuyen nhan vien danh may online, khong can kinh nghiem, luong 35tr/thang",
        "Data entry job from home, no experience needed, salary 35 million VND a month.",
    ],
)
def test_high_pay_for_unskilled_domestic_work_is_flagged(text):
    assert "TOO_GOOD_TO_BE_TRUE_PAY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        'Công ty có giấy phép, chi phí ghi trong hợp đồng, không "bao đậu". Đi Đài Loan đơn nhà máy.',
        "Visa do Dai su quan Duc xet duyet; cong ty KHONG cam ket dau visa. Tuyen di Duc.",
        'Beware of promises like "guaranteed visa": we process your Japan application by law.',
    ],
)
def test_denied_or_quoted_guarantees_are_not_promises(text):
    assert "TOO_GOOD_TO_BE_TRUE_PAY" not in codes(text)


# 4. "No fee" in a public body's notice is a fact; in a recruiter's lure it is a red flag.
@pytest.mark.parametrize(
    "text",
    [
        "Trung tâm Dịch vụ việc làm tỉnh thông báo phiên giao dịch việc làm, có doanh nghiệp tuyển đi Nhật Bản; "
        "người lao động không mất phí.",
        "Trung tam Lao dong ngoai nuoc thong bao thi tieng Han chuong trinh EPS, khong thu phi dich vu, "
        "khong qua ca nhan moi gioi, xem colab.gov.vn",
        "The public employment service centre holds a job fair with employers recruiting for Japan; no fee.",
    ],
)
def test_official_no_fee_notices_are_not_flagged(text):
    got = codes(text)
    assert "NO_FEE_OR_PREPAID_TRAVEL" not in got and "UNLICENSED_RECRUITER" not in got


@pytest.mark.parametrize(
    "text",
    [
        "Đi Nhật: bao vé máy bay, bao ăn ở, không mất phí, đi trước trả sau.",
        "di dai loan bao ve may bay, bao an o, khong mat phi, di truoc tra sau",
        "Work in Malaysia: we pay your ticket, no fees, pay it back from your salary.",
    ],
)
def test_free_travel_lures_are_still_flagged(text):
    assert "NO_FEE_OR_PREPAID_TRAVEL" in codes(text)


def test_a_security_guard_job_is_not_a_paid_ticket():
    assert "NO_FEE_OR_PREPAID_TRAVEL" not in codes("Tuyển bảo vệ, công nhân may; có doanh nghiệp tuyển đi Nhật Bản.")


# 5. Paying to be hired, at home as abroad.
@pytest.mark.parametrize(
    "text",
    [
        "Tuyển nhân viên kho, nộp 300k phí hồ sơ và đồng phục để được nhận việc.",
        "tuyen nhan vien kho, chuyen khoan xong moi gui dia chi phong van",
        "Warehouse staff wanted. Pay 200k for the uniform and badge before the interview.",
    ],
)
def test_fees_to_get_a_job_are_flagged(text):
    assert "EXCESSIVE_UPFRONT_FEE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Em hỏi đi Nhật có phải cọc không ạ? Công ty trả lời: không thu cọc.",
        "Cong ty tuyen cong nhan, khong thu phi ho so, khong dong phuc phi.",
        "We never ask you to pay for the uniform or training.",
    ],
)
def test_questions_and_denials_of_fees_are_not_flagged(text):
    assert "EXCESSIVE_UPFRONT_FEE" not in codes(text)


def test_the_benchmark_picks_the_licence_list_named_after_the_corpus(monkeypatch):
    from benchmarks import jobcheck

    monkeypatch.delenv("JOBCHECK_LICENCES", raising=False)
    first, independent = jobcheck.CORPORA
    assert jobcheck.licences_for(first).endswith("jobcheck_licences.csv")
    assert jobcheck.licences_for(independent).endswith("jobcheck_licences_independent.csv")
    monkeypatch.setenv("JOBCHECK_LICENCES", "")
    assert jobcheck.licences_for(independent) == ""
