"""The three public checks (recruiter licence, fee, job offer), through the recruiters and jobcheck apps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from safepath.cases.models import IntakeItem

pytestmark = pytest.mark.django_db
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
HEADER = ["STT", "Tên doanh nghiệp", "Tên viết tắt", "Số giấy phép", "Ngày cấp", "Tình trạng", "Địa chỉ", "Điện thoại"]
LIST = [
    ("Công ty Cổ phần Nhân lực Quốc tế Sao Mai", "SAO MAI MANPOWER JSC", "101/LĐTBXH-GP", "12/03/2015", "Đang hoạt động",
     "Số 12 phố Hoa Sữa, Hà Nội", "024 3999 1001"),
    ("Công ty TNHH Cung ứng Nhân lực Bình Minh Xanh", "BMX CO., LTD", "102/LĐTBXH-GP", "05/07/2018", "Đình chỉ",
     "Số 4 đường Cánh Buồm, Hải Phòng", "0225 390 1002"),
]  # fmt: skip
SCAM = (
    "TUYỂN GẤP 10 bạn nữ đi Campuchia làm chăm sóc khách hàng online, lương 30 triệu/tháng, không cần kinh "
    "nghiệm, bao vé máy bay, đi visa du lịch, không cần nói với gia đình. Liên hệ Telegram @tuyendung_cam."
)


def licence_list(rows=LIST, data_date=dt.date(2025, 9, 1)):
    """Import a small licence list through the recruiters app's own services."""
    services = pytest.importorskip("safepath.recruiters.services")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i, row in enumerate(rows, start=1):
        writer.writerow([str(i), *row])
    batch = services.licence_import_create(
        actor=None, file_name="list.csv", content=("\ufeff" + out.getvalue()).encode(), data_date=data_date
    )
    return services.licence_import_run(import_id=batch.pk, channel="cli")


# --- recruiter licence check ---------------------------------------------------------------------------
def test_a_recruiter_typed_without_diacritics_is_found_with_its_status_and_the_data_date(client):
    licence_list()
    for lang, status in (("vi", "status-active"), ("en", "status-active")):
        response = client.get(f"/portal/{lang}/recruiter/", {"q": "cong ty nhan luc quoc te sao mai"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Công ty Cổ phần Nhân lực Quốc tế Sao Mai" in html and status in html
        assert "101/LĐTBXH-GP" in html and "01/09/2025" in html
    html = client.get("/portal/vi/recruiter/", {"q": "binh minh xanh"}).content.decode()
    assert "status-suspended" in html


def test_not_found_is_said_carefully(client):
    licence_list()
    html = client.get("/portal/en/recruiter/", {"q": "Công ty TNHH Rồng Vàng Xuyên Việt"}).content.decode()
    assert 'id="recruiter-not-found"' in html and "does not prove anything" in html
    assert "01/09/2025" in html  # the date of the list that was searched


def test_without_a_list_the_check_says_it_cannot_answer(client):
    pytest.importorskip("safepath.recruiters.selectors")
    html = client.get("/portal/vi/recruiter/", {"q": "Sao Mai"}).content.decode()
    assert 'id="recruiter-no-list"' in html and 'id="recruiter-not-found"' not in html


def test_recruiter_checks_are_rate_limited_politely(client, settings):
    licence_list()
    settings.SAFEPATH_PORTAL_RATE_LIMITS = {"recruiter": (2, 600)}
    assert client.get("/portal/vi/recruiter/", {"q": "sao mai"}).status_code == 200
    assert client.get("/portal/vi/recruiter/", {"q": "sao mai"}).status_code == 200
    response = client.get("/portal/vi/recruiter/", {"q": "sao mai"})
    assert response.status_code == 429 and 'value="sao mai"' in response.content.decode()
    assert client.get("/portal/vi/recruiter/").status_code == 200  # the empty form is not counted


# --- fee check ------------------------------------------------------------------------------------------
def _fee(client, lang="vi", **overrides):
    pytest.importorskip("safepath.jobcheck.fees")
    params = {
        "destination": "JP",
        "programme": "general",
        "contract_months": "36",
        "monthly_salary": "1.200",
        "currency": "USD",
        "fee_asked": "150.000.000",
        "fee_currency": "VND",
    }
    params.update(overrides)
    return client.get(f"/portal/{lang}/fees/", params)


def test_a_fee_above_the_cap(client):
    response = _fee(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="fee-result" class="alert"' in html
    assert re.search(r'id="fee-cap">[\d.]+ VND<', html)
    assert "Circular 21/2021" in html  # the rule's source
    assert 'id="fee-unverified"' in html  # the figures are marked UNVERIFIED
    assert re.search(r"1/1/2022|1 Jan 2022", html)  # the rule's date


def test_a_fee_within_the_cap(client):
    html = _fee(client, "en", fee_asked="20,000,000").content.decode()
    assert 'id="fee-result" class="good"' in html and "Within the legal cap." in html


def test_a_programme_with_no_service_fee(client):
    html = _fee(client, destination="KR", programme="eps", fee_asked="5.000.000").content.decode()
    assert 'id="fee-result" class="alert"' in html


def test_fee_errors_keep_what_was_typed(client):
    response = _fee(client, contract_months="abc", monthly_salary="lots", programme="eps")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="abc"' in html and 'value="lots"' in html
    assert {"contract_months", "monthly_salary", "programme"} <= set(re.findall(r'href="#id_(\w+)"', html))


def test_a_country_page_links_to_the_fee_check_for_its_programmes(client, japan):
    pytest.importorskip("safepath.jobcheck.fees")
    html = client.get("/portal/vi/countries/jp/").content.decode()
    link = re.search(r'href="(/portal/vi/fees/\?destination=JP&amp;programme=technical_intern)"', html)
    assert link
    rules = html.split('id="fee-rules"')[1].split("</div>")[0]
    assert 'class="unverified"' in rules and "69/2020" in rules  # the cap, its mark and its source
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert '<option value="JP" selected>' in form and '<option value="technical_intern" selected>' in form


# --- job-offer check ------------------------------------------------------------------------------------
def test_a_scam_offer_shows_its_red_flags_and_stores_nothing(client):
    pytest.importorskip("safepath.jobcheck.offers")
    before = {m: m.objects.count() for m in (IntakeItem,)}
    response = client.post("/portal/vi/job-offer/", {"text": SCAM, "visa_type": "tourist"}, **ORIGIN)
    html = response.content.decode()
    assert response.status_code == 200
    for code in ("DESTINATION_SCAM_HUB", "TOO_GOOD_TO_BE_TRUE_PAY", "TOURIST_VISA_OR_IRREGULAR_CROSSING", "SECRECY"):
        assert f'id="flag-{code}"' in html, code
    assert 'id="offer-report" class="alert"' in html
    assert "<blockquote>" in html  # the words that triggered a flag
    assert {m: m.objects.count() for m in before} == before
    assert response["Cache-Control"] == "no-store"


def test_a_named_company_is_looked_up(client):
    licence_list()
    pytest.importorskip("safepath.jobcheck.offers")
    text = "Công ty Cổ phần Nhân lực Quốc tế Sao Mai tuyển 20 nam đi Nhật Bản, hợp đồng 3 năm, phí theo quy định."
    html = client.post("/portal/en/job-offer/", {"text": text}, **ORIGIN).content.decode()
    assert 'id="offer-companies"' in html and "status-active" in html


def test_a_reported_contact_is_only_said_to_be_reported(client, agency):
    pytest.importorskip("safepath.jobcheck.offers")
    from safepath.accounts.roles import Role
    from safepath.cases.services import case_open, recruiter_contact_add
    from tests.cases.conftest import case_input
    from tests.factories import UserFactory
    from tests.helpers import register

    worker = UserFactory(agency=agency, roles=[Role.CASEWORKER])
    case = case_open(actor=worker, person=register(worker), data=case_input())
    recruiter_contact_add(actor=worker, case=case, kind="phone", value="0912 345 678")
    text = "Tuyển lao động đi Đài Loan, lương cao, liên hệ anh Long 0912.345.678 để đặt cọc giữ chỗ."
    html = client.post("/portal/vi/job-offer/", {"text": text}, **ORIGIN).content.decode()
    assert 'id="contact-reported"' in html
    assert case.number not in html and "Nguyễn" not in html
    clean = client.post("/portal/vi/job-offer/", {"text": text.replace("0912.345.678", "0987.111.222")}, **ORIGIN)
    assert 'id="contact-reported"' not in clean.content.decode()


def test_asking_for_help_from_the_offer_check_prefills_the_form(client):
    pytest.importorskip("safepath.jobcheck.offers")
    html = client.post("/portal/vi/job-offer/", {"text": SCAM}, **ORIGIN).content.decode()
    assert '<input type="hidden" name="offer_text" value="TUYỂN GẤP 10 bạn nữ' in html
    response = client.post("/portal/vi/help/", {"prefill": "offer", "offer_text": SCAM}, **ORIGIN)
    assert response.status_code == 200 and SCAM in response.content.decode()
    assert not IntakeItem.objects.exists()


def test_offer_errors_keep_the_text(client):
    pytest.importorskip("safepath.jobcheck.offers")
    response = client.post("/portal/vi/job-offer/", {"text": SCAM, "fee_asked": "lots"}, **ORIGIN)
    assert response.status_code == 400 and SCAM in response.content.decode()
    assert client.post("/portal/vi/job-offer/", {"text": ""}, **ORIGIN).status_code == 400
    response = client.post("/portal/vi/job-offer/", {"text": "x" * 10_001}, **ORIGIN)
    assert response.status_code == 400
    assert client.post("/portal/vi/job-offer/", {"text": SCAM}).status_code == 403  # not from this site
    response = client.post("/portal/vi/job-offer/", {"text": SCAM, "website": "x"}, **ORIGIN)
    assert response.status_code == 400
