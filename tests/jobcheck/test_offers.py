from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safepath.jobcheck import fees
from safepath.jobcheck.offers import FLAG_TEXTS, check_offer, check_rules_match_texts, offer_questions
from safepath.jobcheck.rules import RulesError, load_rules, rules


def codes(text: str, answers: dict[str, str] | None = None) -> list[str]:
    return check_offer(text, answers, lookup_contacts=False, lookup_licences=False).codes


# Each flag: Vietnamese with diacritics, the same kind of message typed without, and English.
EXAMPLES = {
    "UNLICENSED_RECRUITER": [
        "Nhận hồ sơ đi Đài Loan, đi thẳng không qua công ty nên rẻ hơn, phí 3.000$.",
        "xkld nhat ban chi phi 90tr, dat coc truoc 10tr, lien he chi Mai",
        "Taiwan factory jobs, no agency, direct hiring, fee 2,000 USD.",
    ],
    "TOO_GOOD_TO_BE_TRUE_PAY": [
        "Tuyển người đi Malaysia, việc nhẹ lương cao, ai cũng làm được.",
        "viec nhe luong cao, thu nhap 25tr/thang, khong can kinh nghiem",
        "Easy job, high salary! Work in Dubai, no experience needed.",
    ],
    "NO_FEE_OR_PREPAID_TRAVEL": [
        "Đi Dubai làm phục vụ, công ty bao vé máy bay, 0 đồng xuất cảnh.",
        "sang malaysia lam nha hang, ung truoc tien ve, sang lam tru dan vao luong",
        "Work in Saudi Arabia: no fees, we pay your ticket.",
    ],
    "EXCESSIVE_UPFRONT_FEE": [
        "Đơn hàng Nhật Bản đóng gói, đặt cọc 20 triệu để giữ suất.",
        "don hang dai loan, chuyen khoan truoc 1000$ giu cho nhe",
        "Korea farm jobs, pay the deposit first to reserve your place.",
    ],
    "TOURIST_VISA_OR_IRREGULAR_CROSSING": [
        "Sang Hàn Quốc bằng visa du lịch rồi ở lại làm việc, lương cao.",
        "di cam lam viec, qua song ban dem, khong can ho chieu",
        "You will travel to Japan on a tourist visa and change it there.",
    ],
    "DESTINATION_SCAM_HUB": [
        "Tuyển nhân viên chăm sóc khách hàng làm việc online tại Campuchia.",
        "tuyen nv danh may o sihanoukville, bao an o",
        "Customer service jobs in Myawaddy, Myanmar, good salary.",
    ],
    "PASSPORT_RETENTION": [
        "Sang Ả Rập làm giúp việc, chủ nhà giữ hộ chiếu để làm giấy tờ.",
        "sang qatar cong ty se giu ho chieu cua cac ban cho an toan",
        "Factory in Malaysia. The employer will keep your passport during the contract.",
    ],
    "VAGUE_EMPLOYER_OR_CONTRACT": [
        "Đi Đài Loan làm nhà máy, không cần hợp đồng, sang bên đó công ty sắp xếp việc.",
        "di nhat lam viec, ten cong ty se bao sau khi dong tien",
        "Jobs in Poland, contract will be signed after arrival.",
    ],
    "SECRECY": [
        "Tuyển người đi làm ở nước ngoài. Không được nói với gia đình trước khi đi.",
        "viec lam o nuoc ngoai, chi lien he qua telegram, xoa tin nhan sau khi doc",
        "Job abroad, good pay. Don't tell your family, keep it secret.",
    ],
    "THIRD_PARTY_ARRANGES_DOCS": [
        "Đi Malaysia làm việc, bên em lo hết giấy tờ, visa từ A đến Z.",
        "sang lao lam vuon chuoi, khong can lam ho chieu, co nguoi don o cua khau",
        "Work in Thailand: we arrange all documents, someone will pick you up at the border.",
    ],
    "RANSOM_DEMAND": [
        "Con tôi ở Campuchia bị đánh, công ty đòi 50 triệu tiền chuộc mới thả.",
        "em toi bi ban sang cong ty khac, ho bat gia dinh chuyen tien de duoc tha",
        "They say my son must pay $3,000 for breaking the contract, and they beat him.",
    ],
}


@pytest.mark.parametrize(
    ("code", "text"),
    [(code, text) for code, texts in EXAMPLES.items() for text in texts],
    ids=[f"{code}-{i}" for code, texts in EXAMPLES.items() for i in range(len(texts))],
)
def test_each_flag_in_vietnamese_without_diacritics_and_english(code, text):
    assert code in codes(text)


def test_every_flag_of_the_rules_has_examples_and_texts():
    shipped = set(rules().flags)
    assert shipped - {"CONTACT_REPORTED"} == set(EXAMPLES)
    assert set(FLAG_TEXTS) == shipped
    assert check_rules_match_texts() == []


LEGITIMATE = [
    "CÔNG TY CP NHÂN LỰC QUỐC TẾ ABC (Giấy phép số 999/LĐTBXH-GP) tuyển 20 nam thực tập sinh chế biến thực phẩm "
    "tại Aichi, Nhật Bản. Lương cơ bản 175.000 yên/tháng. Hợp đồng 3 năm. Đào tạo tiếng Nhật 4-6 tháng. Chi phí "
    "theo quy định, có hợp đồng và hóa đơn.",
    "Trung tâm Lao động ngoài nước thông báo kỳ thi tiếng Hàn (EPS-TOPIK) năm 2026. Người lao động đăng ký tại "
    "Trung tâm Dịch vụ việc làm tỉnh, không nộp tiền cho cá nhân, tổ chức môi giới.",
    "Cty TNHH Cung ứng Nhân lực XYZ (GP số 888/LĐTBXH-GP) tuyển 15 nữ làm điện tử tại Đài Loan. Lương 28.590 Đài "
    "tệ/tháng. Chi phí 4.200 USD có hóa đơn.",
    "Công ty TNHH Điện tử Mẫu tuyển 200 công nhân tại KCN Quế Võ, Bắc Ninh. Lương 7-9 triệu, bao ăn ca, có xe đưa "
    "đón. Không thu phí. Inbox để biết thêm.",
    "tuyen gap 50 cong nhan may tai Long An, luong 8-10tr, khong can kinh nghiem, duoc dao tao.",
    "Tuyển thợ hàn đi Hàn Quốc visa E-7, yêu cầu chứng chỉ hàn và 3 năm kinh nghiệm. Lương 3.000.000 won.",
    "Tuyển công nhân làm việc tại Lào Cai, lương 9 triệu, bao ăn trưa.",
    "Công ty TNHH Tiến Phát tuyển kế toán, lương 12 triệu.",
    "Công ty CP Hợp tác Lao động Mẫu tuyển lao động đi Saudi Arabia. Người lao động tự giữ hộ chiếu.",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_adverts_are_not_flagged(text):
    report = check_offer(text, lookup_contacts=False, lookup_licences=False)
    assert report.level == "none", report.codes


def test_negations_do_not_flag():
    assert "PASSPORT_RETENTION" not in codes("Đi Nhật: công ty không giữ hộ chiếu của người lao động.")
    assert "PASSPORT_RETENTION" not in codes("Hãy tự giữ hộ chiếu, đừng giao hộ chiếu cho ai.")
    assert "EXCESSIVE_UPFRONT_FEE" not in codes("Đi Nhật Bản: không đặt cọc, không thu tiền trước khi có hợp đồng.")


def test_weak_signs_count_only_with_another_flag():
    quiet = check_offer("Quán cà phê tuyển phục vụ, lương 6tr. Inbox em nhé.", lookup_contacts=False)
    assert quiet.level == "none" and quiet.flags == []
    loud = check_offer("Việc nhẹ lương cao ở Malaysia. Inbox em nhé.", lookup_contacts=False, lookup_licences=False)
    assert "SECRECY" in loud.codes


def test_score_is_the_sum_of_the_weights_and_sets_the_level():
    report = check_offer(
        "🔥TUYEN GAP nam nu 18-35 lam CSKH tai Campuchia, luong 1500-3000$, ko can kn, bao ve may bay. Lh tele @abc_tuyen",
        lookup_contacts=False,
        lookup_licences=False,
    )
    assert report.score == sum(f.weight for f in report.flags)
    assert report.level == "high" and report.score >= report.high_from
    assert "DESTINATION_SCAM_HUB" in report.codes and report.flags[0].weight == 5
    caution = check_offer("Tuyển người đi làm ở Campuchia.", lookup_contacts=False, lookup_licences=False)
    assert caution.level == "caution" and caution.score == 2
    assert str(caution.score) in caution.score_explanation


def test_a_flag_explains_itself():
    report = check_offer(
        "Sang Nhật theo diện du lịch rồi ở lại làm việc, phí 200tr", lookup_contacts=False, lookup_licences=False
    )
    flag = next(f for f in report.flags if f.code == "TOURIST_VISA_OR_IRREGULAR_CROSSING")
    assert "du lịch" in flag.excerpt
    assert flag.title and flag.explanation and flag.what_to_do
    assert flag.ilo_dimension == 1 and flag.ilo_grade == "M"
    assert flag.htcds["vic_MethodOfRecruitment"] == ["ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"]
    assert flag.source and flag.source_date is not None


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("Cambodia, lương 1500-3000$", Decimal(3000) * fees.fee_data().reference_rates.vnd_per_unit["USD"]),
        ("lương 20tr/tháng", Decimal(20_000_000)),
        ("luong 20 trieu", Decimal(20_000_000)),
        ("lương 1.500$", Decimal(1500) * fees.fee_data().reference_rates.vnd_per_unit["USD"]),
        ("salary $2000/month", Decimal(2000) * fees.fee_data().reference_rates.vnd_per_unit["USD"]),
        ("lương 500k/ngày", Decimal(500_000 * 26)),
        ("luong co ban 18 man", Decimal(180_000) * fees.fee_data().reference_rates.vnd_per_unit["JPY"]),
        ("thu nhập 500k-2tr/ngày", Decimal(2_000_000 * 26)),
        ("lương tháng 30 củ", Decimal(30_000_000)),
    ],
)
def test_amounts_in_the_ways_people_write_them(text, pay):
    assert check_offer(text, lookup_contacts=False, lookup_licences=False).pay_vnd == pay.quantize(Decimal(1))


def test_fee_and_salary_are_told_apart():
    report = check_offer("Lương 30tr. Phí 150 triệu, cọc 50tr.", lookup_contacts=False, lookup_licences=False)
    assert report.pay_vnd == Decimal(30_000_000) and report.fee_vnd == Decimal(150_000_000)
    assert "EXCESSIVE_UPFRONT_FEE" in report.codes


def test_ambiguous_folded_words_do_not_trigger():
    # "bị bận" folds like "bị bán", "quá hạn" like "qua Hàn", "đi lao động" like "đi Lào", "bảy ngày" like "bay ngay"
    assert codes("Em bị bận, hồ sơ quá hạn, mai đi lao động ở Bình Dương, làm bảy ngày một tuần.") == []


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"passport_kept": "yes"}, "PASSPORT_RETENTION"),
        ({"visa_type": "tourist"}, "TOURIST_VISA_OR_IRREGULAR_CROSSING"),
        ({"travel_paid_by": "recruiter"}, "NO_FEE_OR_PREPAID_TRAVEL"),
        ({"written_contract": "no"}, "VAGUE_EMPLOYER_OR_CONTRACT"),
        ({"destination": "kh"}, "DESTINATION_SCAM_HUB"),
        ({"fee_asked": "150000000", "salary": "20000000"}, "EXCESSIVE_UPFRONT_FEE"),
        (
            {"fee_asked": "6000", "fee_currency": "USD", "salary": "1000", "salary_currency": "USD"},
            "EXCESSIVE_UPFRONT_FEE",
        ),
    ],
)
def test_answers_add_evidence(answers, code):
    report = check_offer("Tuyển lao động đi làm việc ở nước ngoài.", answers, lookup_contacts=False)
    flag = next(f for f in report.flags if f.code == code)
    assert flag.details and flag.excerpt == ""


def test_answers_that_say_nothing_add_nothing():
    answers = {"passport_kept": "no", "visa_type": "work", "fee_asked": "40000000", "salary": "20000000", "x": "y"}
    assert codes("Tuyển lao động đi làm việc ở nước ngoài.", answers) == []


def test_answers_alone_are_enough_to_check():
    report = check_offer("", {"destination": "MM"}, lookup_contacts=False)
    assert report.codes == ["DESTINATION_SCAM_HUB"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"visa_type": "golden"}, "visa_type"),
        ({"destination": "Narnia"}, "destination"),
        ({"fee_asked": "a lot"}, "fee_asked"),
        ({"salary": "1000", "salary_currency": "XYZ"}, "salary_currency"),
    ],
)
def test_bad_answers_are_refused_by_field(answers, field):
    with pytest.raises(ValidationError) as exc:
        check_offer("Tuyển lao động", answers, lookup_contacts=False)
    assert list(exc.value.message_dict) == [field]


def test_empty_or_too_long_text_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_offer("   ", lookup_contacts=False)
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError):
        check_offer("việc nhẹ " * 2000, lookup_contacts=False)


def test_contacts_are_found_in_the_text():
    report = check_offer(
        "LH chị Mai 0900.000.123, zalo 0900 000 124, tele @tuyen_dung_88, fb.com/tuyendung.abc hoặc +855 12 345 678, "
        "email hr@example.com",
        lookup_contacts=False,
    )
    found = {(c.kind, c.value) for c in report.contacts}
    assert ("phone", "0900.000.123") in found
    assert ("zalo", "0900 000 124") in found
    assert ("telegram", "@tuyen_dung_88") in found
    assert ("facebook", "fb.com/tuyendung.abc") in found
    assert any(c.value.startswith("+855") for c in report.contacts)
    assert not any("example" in c.value for c in report.contacts)
    assert report.contacts_reported is False and report.contacts_checked is False


def test_companies_and_licence_numbers_are_read():
    report = check_offer(
        "Công ty CP Cao su Mẫu (GP số 123/LĐTBXH-GP) và ABC Manpower JSC tuyển. Công ty bên Cam cũng tuyển.",
        lookup_contacts=False,
        lookup_licences=False,
    )
    assert [c.name for c in report.companies] == ["Công ty CP Cao su Mẫu", "ABC Manpower JSC"]
    assert report.licence_numbers == ["123/LĐTBXH-GP"]
    assert all(c.status == "unknown" and c.licensed is None for c in report.companies)


def test_offer_questions_for_the_portal():
    questions = {key: choices for key, _label, choices in offer_questions()}
    assert set(questions) == {
        "destination",
        "visa_type",
        "travel_paid_by",
        "passport_kept",
        "written_contract",
        "fee_asked",
        "salary",
    }
    assert [c for c, _ in questions["passport_kept"]] == ["yes", "no", "unknown"]
    assert questions["destination"] == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (r"'\bcọc\b'", r"'(unclosed'", "not a valid regular expression"),
        ("requires: [abroad]", "requires: [moon]", "unknown context"),
        ("computed: telegram_only", "computed: astrology", "unknown computed signal"),
        ("<<KHONG>> (?:mat", "<<NOPE>> (?:mat", "unknown macro"),
        ('answer: {passport_kept: ["yes"]}', 'answer: {passport_kept: ["maybe"]}', "not allowed"),
    ],
)
def test_broken_rule_files_are_refused_with_the_flag_named(tmp_path, old, new, message):
    from safepath.jobcheck.rules import RED_FLAGS

    text = RED_FLAGS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "flags.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(path)


def test_report_shape_is_plain_data():
    report = check_offer("Tuyển người đi Campuchia, lương 20tr", lookup_contacts=False, lookup_licences=False)
    assert dataclasses.is_dataclass(report)
    assert [f.name for f in dataclasses.fields(report.contacts[0])] if report.contacts else True
    assert report.rules_version == rules().version


def test_hits_a_few_words_apart_show_one_excerpt_and_distant_ones_each_their_own():
    text = (
        "Đi du lịch rồi chuyển sang làm. Ib telegram @tuyendungnhanh hoặc zalo 0900000123, "
        "không cần nói với gia đình. "
        + "Công việc ổn định, môi trường trẻ trung năng động. " * 3
        + "Nhớ giữ bí mật nhé."
    )
    flag = next(f for f in check_offer(text, lookup_contacts=False, lookup_licences=False).flags if f.code == "SECRECY")
    assert 1 <= len(flag.excerpts) <= 3
    assert len(flag.excerpts) == len(set(flag.excerpts))
    starts = [text.find(e.strip(".… ")[:20]) for e in flag.excerpts]
    assert all(abs(a - b) >= 40 for i, a in enumerate(starts) for b in starts[i + 1 :])
