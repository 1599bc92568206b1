"""Search quality on the demo list (60 fictional enterprises), without a database: names as people type
them are found; names that are not on the list are not, and no near neighbour is offered in their place."""

from __future__ import annotations

import pytest

from safepath.recruiters import matching

# (what a person types, the row of the sample list it names)
FOUND = [
    ("Công ty Cổ phần Nhân lực Quốc tế Sao Mai", 1),
    ("cong ty co phan nhan luc quoc te sao mai", 1),  # no accents
    ("CÔNG TY CỔ PHẦN NHÂN LỰC QUỐC TẾ SAO MAI", 1),  # capitals
    ("Cty CP Nhân lực QT Sao Mai", 1),  # abbreviations
    ("cty cp nl quoc te sao mai", 1),
    ("nhan luc sao mai quoc te co phan", 1),  # words swapped, legal form at the end
    ("cong ty co phan nhan luc quoc te sao mia", 1),  # two letters swapped
    ("cong ty co phan nhan luc quoc te sao maii", 1),  # one letter too many
    ("Sao Mai Manpower JSC", 1),  # the English short name
    ("saomai manpower", 1),  # run together
    ("Sao Mai", 1),  # the brand alone
    ("cty tnhh cung ung nhan luc binh minh xanh", 2),
    ("Công ty Trách nhiệm hữu hạn Cung ứng Nhân lực Bình Minh Xanh", 2),
    ("cty tnhh cung ung nhan luc binh mimh xanh", 2),  # one letter wrong
    ("Binh Minh Xanh", 2),
    ("BMX manpower co., ltd", 2),
    ("cong ty co phan xuat khau lao dong hai dang viet", 3),
    ("Cty CP XKLĐ Hải Đăng Việt", 3),
    ("cty xkld hai dang viet", 3),
    ("hai dang viet cong ty co phan xuat khau lao dong", 3),
    ("Cong ty TNHH MTV dich vu viec lam truong an phat", 4),
    ("cty tnhh mot thanh vien dv viec lam truong an phat", 4),
    ("cty tnhh 1 thanh vien dich vu viec lam truong an phat", 4),
    ("cty cp dt tm dv kim ngan phat", 5),
    ("Công ty CP Đầu tư Thương mại và Dịch vụ Kim Ngân Phát", 5),
    ("kim ngan phat", 5),
    ("cong ty tnhh mtv xkld phuong nam star", 12),
    ("Tổng công ty Hợp tác Lao động Quốc tế Việt Tín Phát", 58),
    ("tong cty hop tac ld quoc te viet tin phat", 58),
    ("TCT Viet Tin Phat", 58),
    ("Viet Tin Phat Corp", 58),
    ("cong ty co phan xuat khau lao dong hai phong xnah", 57),  # typo in the last word
    ("Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát", 26),  # revoked: still found, with its status
    ("cty cp nhan luc quoc te hoa mai vang", 59),
    ("Cong ty TNHH nhan luc Sao Mai Xanh", 60),
]

# Companies that are not on the list, some very like those that are.
NOT_FOUND = [
    "Công ty TNHH Nhân lực Hoàng Long",
    "Công ty CP Nhân lực Quốc tế Sao Kim",  # one brand word different
    "Công ty cổ phần nhân lực quốc tế",  # only the legal form and trade words
    "cong ty xuat khau lao dong",
    "Cty TNHH Việt Nhật",
    "Công ty Thiên Phú",
    "Công ty cổ phần Hải Long",
    "cong ty tnhh hoang gia",  # a brand word short: another company
    "Công ty Hoa Sen",
    "Công ty TNHH Đông Á",
    "Công ty CP Xuất khẩu lao động Việt Hàn",
    "Công ty Mai Linh",
    "Công ty Đại Dương",
    "Công ty Đài Hưng Dũng",
    "cong ty huu nghi a chau dung",  # a word too many
    "Công ty Sao Mai Vàng",
    "xkld",
    "cty tnhh",
    "phat",
    "",
    "   ",
]


def _found(index, text):
    return index.search(text).matches


@pytest.mark.parametrize(("text", "row"), FOUND)
def test_names_as_people_type_them_are_found(index, text, row):
    hits = _found(index, text)
    assert hits, text
    assert hits[0].key == row
    assert hits[0].score >= matching.MATCH_THRESHOLD


@pytest.mark.parametrize("text", NOT_FOUND)
def test_names_not_on_the_list_are_not_found(index, text):
    assert _found(index, text) == []


def test_a_near_miss_is_offered_as_similar_never_as_a_match(index):
    result = index.search("cong ty tnhh hoang gia")
    assert result.matches == []
    assert [h.key for h in result.similar][:1] == [26]
    assert all(h.score < matching.MATCH_THRESHOLD for h in result.similar)


def test_the_brand_alone_does_not_match_a_longer_brand(index):
    """'Sao Mai' is row 1; 'Sao Mai Xanh' (row 60) is another company, only similar."""
    result = index.search("cty sao mai")
    assert [h.key for h in result.matches] == [1]
    assert 60 in [h.key for h in result.similar]


@pytest.mark.parametrize(
    ("text", "row", "score"),
    [
        ("416/LĐTBXH-GP", 1, 1.0),
        ("416/ldtbxh-gp", 1, 1.0),
        ("416 / LĐTBXH - GP", 1, 1.0),
        ("416/LĐTBXH", 1, 0.97),
        ("416", 1, 0.95),
        ("GP số 416", 1, 0.95),
        ("giấy phép 0416", 1, 0.95),
        ("011/LĐTBXH-GP", 59, 1.0),
        ("11", 59, 0.95),
    ],
)
def test_licence_numbers_are_found_exactly(index, text, row, score):
    hits = _found(index, text)
    assert [(h.key, h.score, h.matched_on) for h in hits] == [(row, score, "licence_number")]


@pytest.mark.parametrize("text", ["999/LĐTBXH-GP", "999", "416/ABC-XY"])
def test_unknown_licence_numbers_are_not_found(index, text):
    assert _found(index, text) == []


def test_generated_variants_of_every_name(index, sample_rows):
    """Each name without accents, with abbreviations, with its words moved, and the brand alone."""
    missed = []
    for r in sample_rows:
        folded = matching.fold(r[1])
        brand = [t for t in matching.name_tokens(r[1]) if matching._distinctive(t)]
        words = folded.split()
        variants = [
            folded,
            folded.replace("cong ty", "cty").replace("co phan", "cp").replace("trach nhiem huu han", "tnhh"),
            " ".join(words[-2:] + words[:-2]),  # the last two words first
            "cty " + " ".join(brand),
        ]
        for v in variants:
            hits = _found(index, v)
            if not hits or hits[0].key != int(r[0]):
                missed.append(v)
    assert missed == []


def test_recombined_brands_are_not_found(index, sample_rows):
    """Two brand words of one enterprise with the last brand word of another: never a match."""
    brands = [[t for t in matching.name_tokens(r[1]) if matching._distinctive(t)] for r in sample_rows]
    known = {frozenset(b) for b in brands}
    false_alarms = []
    for i, a in enumerate(brands):
        b = brands[(i * 7 + 3) % len(brands)]
        words = a[:-1] + b[-1:]
        if frozenset(words) in known or len(a) < 2:
            continue
        text = "cong ty co phan " + " ".join(words)
        if _found(index, text):
            false_alarms.append(text)
    assert false_alarms == []


def test_canonical_tokens_make_abbreviations_and_long_forms_one():
    assert matching.name_tokens("Công ty TNHH MTV XKLĐ") == matching.name_tokens(
        "cong ty trach nhiem huu han mot thanh vien xuat khau lao dong"
    )
    assert matching.name_tokens("ABC JSC") == ["abc", "cty", "cp"]
    assert matching.name_tokens("ABC Co., Ltd") == ["abc", "cty", "tnhh"]
    assert matching.name_tokens("trach nhiem huu hanh") == ["tnhh"]  # a long phrase with one slip
    assert matching.licence_key("123/LĐTBXH-GP") == matching.licence_key("123 / ldtbxh - gp") == "123LDTBXHGP"
    assert matching.licence_lead("012/LĐTBXH-GP") == "12"


# --- names inside a pasted message ------------------------------------------------------------------
def _mentions(index, text):
    return [(m.text, m.hit.key if m.hit else None) for m in matching.mentions(index, text)]


def test_company_names_are_found_inside_a_job_advert(index):
    ad = (
        "🔥🔥 CÔNG TY CP NHÂN LỰC QUỐC TẾ SAO MAI tuyển 50 lao động đi Nhật, đơn hàng xây dựng.\n"
        "Lương 30tr/tháng. Liên hệ: 0912 345 678 (Zalo)"
    )
    assert _mentions(index, ad) == [("CÔNG TY CP NHÂN LỰC QUỐC TẾ SAO MAI", 1)]
    ad = "Cty tnhh cung ung nhan luc binh minh xanh can tuyen gap 20 nu lam nha may o Dai Loan, bay ngay"
    assert _mentions(index, ad) == [("Cty tnhh cung ung nhan luc binh minh xanh", 2)]


def test_a_company_not_on_the_list_is_named_without_a_match(index):
    ad = "Tuyển lao động đi Hàn Quốc. Công ty TNHH Nhân lực Hoàng Long, phí trọn gói 180 triệu."
    assert _mentions(index, ad) == [("Công ty TNHH Nhân lực Hoàng Long", None)]


def test_a_borrowed_licence_number_names_its_real_holder(index):
    ad = "Công ty TNHH Nhân lực Hoàng Long, giấy phép số 416/LĐTBXH-GP. Bao đỗ visa."
    found = _mentions(index, ad)
    assert ("Công ty TNHH Nhân lực Hoàng Long", None) in found
    assert ("416/LĐTBXH-GP", 1) in found


def test_short_names_english_suffixes_and_licence_numbers_in_adverts(index):
    ad = "SAO MAI MANPOWER tuyển 30 kỹ sư. HAIDANG VIET JSC cũng tuyển. Golden Lotus Manpower Co., Ltd tuyển gấp."
    assert [k for _t, k in _mentions(index, ad)] == [1, 3, 8]
    ad = "Công ty cổ phần xuất khẩu lao động Hải Đăng Việt (GP 149) - tuyển thực tập sinh"
    assert [k for _t, k in _mentions(index, ad)] == [3, 3]


def test_generic_company_words_are_not_names(index):
    ad = "Công ty uy tín tuyển gấp, chỉ cần CCCD. Công ty bên Nhật lo hết. Công ty chúng tôi bao đỗ 100%."
    assert _mentions(index, ad) == []


def test_a_lone_common_word_is_not_taken_for_a_short_name(index):
    assert _mentions(index, "sao mai hôm nay đẹp quá, anh em đi làm thôi") == []


# --- a list the size of the real one -----------------------------------------------------------------
SYLLABLES = (
    "an bình minh xanh hải đăng việt trường phát kim ngân thiên phúc lộc lạc hồng sen vàng đông á tiến khang "
    "thịnh phú sông ngọc lan hương nhật tâm hàn đại dương hưng cát tường vân bảo quang ánh mới tùng lâm hữu "
    "nghị châu đất hoàng gia thái vạn xuân trí đức quý sơn tây bắc kinh vĩnh bến thành hạ long nam sài gòn "
    "tràng thăng mê kông lam tín hoa mai sao"
).split()


@pytest.fixture(scope="module")
def big():
    """500 invented names from 80 syllables: far more shared words than the real list has."""
    import random

    rng = random.Random(3)
    forms = ["Công ty Cổ phần", "Công ty TNHH", "Công ty TNHH MTV", "Tổng công ty"]
    trades = ["Nhân lực Quốc tế", "Xuất khẩu Lao động", "Cung ứng Nhân lực", "Đầu tư Thương mại và Dịch vụ", ""]
    names: set[str] = set()
    while len(names) < 500:
        brand = " ".join(w.capitalize() for w in rng.sample(SYLLABLES, rng.choice([2, 3, 3])))
        names.add(" ".join(f"{rng.choice(forms)} {rng.choice(trades)} {brand}".split()))
    ordered = sorted(names)
    entries = [matching.Entry(key=i, tokens=tuple(matching.name_tokens(n))) for i, n in enumerate(ordered)]
    return ordered, matching.NameIndex(entries), rng


def test_a_list_of_500_finds_every_name_typed_without_accents(big):
    names, index, _rng = big
    missed = [n for i, n in enumerate(names) if [h.key for h in index.search(matching.fold(n)).matches][:1] != [i]]
    assert missed == []


def test_a_list_of_500_gives_no_match_for_invented_brands(big):
    names, index, rng = big
    brands = {frozenset(t for t in matching.name_tokens(n) if matching._distinctive(t)) for n in names}
    false_matches = []
    for _i in range(300):
        words = rng.sample(SYLLABLES, 3)
        if frozenset(matching.name_tokens(" ".join(words))) in brands:
            continue
        text = "cong ty co phan " + " ".join(words)
        if index.search(text).matches:
            false_matches.append(text)
    assert false_matches == []
