"""Reading files of the licence list: the forms the list comes in, every bad row with its reason, and the
files that cannot be read at all (one clear reason each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from safepath.recruiters import reader
from tests.recruiters.conftest import DATA_DATE, HEADER, SMALL, csv_bytes, xlsx_bytes

ENGLISH = ["No", "name", "short name", "licence number", "licence date", "status", "address", "phone"]


def _read(content: bytes, file_name: str = "list.csv") -> reader.Checked:
    return reader.check_rows(reader.read_table(content, file_name), data_date=DATA_DATE)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom_and_any_usual_delimiter(delimiter, bom):
    checked = _read(csv_bytes(SMALL, delimiter=delimiter, bom=bom))
    assert [r.name for r in checked.accepted] == [s[0] for s in SMALL]
    first = checked.accepted[0]
    assert (first.short_name, first.licence_number, first.licence_date) == (
        "SAO MAI MANPOWER JSC",
        "101/LĐTBXH-GP",
        dt.date(2015, 3, 12),
    )
    assert [r.status for r in checked.accepted] == ["active", "suspended", "revoked"]
    assert (first.address, first.phone) == ("Số 12 phố Hoa Sữa, Hà Nội", "024 3999 1001")


def test_title_rows_above_the_header_and_english_headers():
    table = reader.read_table(csv_bytes(SMALL, header=ENGLISH, title="DANH SÁCH DOANH NGHIỆP"))
    assert table.headers["name"] == "name" and table.headers["licence_number"] == "licence number"
    assert [n for n, _cells in table.rows] == [3, 4, 5]  # rows numbered as in the file


def test_headers_are_recognised_in_their_usual_spellings():
    cols, _headers = reader.map_headers(
        ["STT", "TÊN DOANH NGHIỆP", "Số GP", "Ngày cấp giấy phép", "Trạng thái", "Địa chỉ trụ sở chính", "SĐT"]
    )
    assert cols == {
        "name": 1,
        "licence_number": 2,
        "licence_date": 3,
        "status": 4,
        "address": 5,
        "phone": 6,
    }


def test_excel_with_real_dates_day_numbers_and_numbers_for_text():
    rows = [
        ("Công ty Cổ phần Nhân lực Quốc tế Sao Mai", "SAO MAI", "101/LĐTBXH-GP", dt.datetime(2015, 3, 12), "active",
         "Hà Nội", 2439991001),
        ("Công ty TNHH Nhân lực Bình Minh Xanh", None, 102, 43101, "Suspended", None, "0225 390 1002"),
        ("Công ty TNHH Nhân lực Hoàng Gia Phát", "", "103/LĐTBXH-GP", "20/01/2012", "REVOKED", "", None),
    ]  # fmt: skip
    table = reader.read_table(xlsx_bytes(rows, title="Danh sách"), "list.xlsx")
    assert table.format == "xlsx"
    checked = reader.check_rows(table, data_date=DATA_DATE)
    assert checked.rejected == []
    a, b, c = checked.accepted
    assert (a.licence_date, a.phone, a.status) == (dt.date(2015, 3, 12), "02439991001", "active")
    assert (b.licence_number, b.licence_date, b.short_name, b.status) == ("102", dt.date(2018, 1, 1), "", "suspended")
    assert (c.licence_date, c.status) == (dt.date(2012, 1, 20), "revoked")


def test_the_excel_extension_does_not_matter_only_the_content():
    assert reader.read_table(xlsx_bytes(SMALL), "danh-sach.csv").format == "xlsx"


def test_every_bad_row_is_rejected_with_its_reasons_and_the_good_ones_kept():
    rows = [
        SMALL[0],
        ("", "X", "201/LĐTBXH-GP", "01/01/2020", "Đang hoạt động", "", ""),  # no name
        ("Công ty A", "", "202/LĐTBXH-GP", "31/02/2019", "Đang hoạt động", "", ""),  # no such day
        ("Công ty B", "", "203/LĐTBXH-GP", "01/01/2020", "Tạm dừng vô thời hạn", "", ""),  # unknown status
        ("Công ty C", "", "101 / lđtbxh-gp", "01/01/2020", "", "", ""),  # same licence as row 3
        ("Công ty D", "", "", "01/01/2020", "", "", ""),  # no licence number
        ("Công ty E", "", "GP-ABC", "01/01/2020", "", "", ""),  # not a licence number
        ("Công ty F", "", "204/LĐTBXH-GP", "01/01/2030", "", "", ""),  # after the date of the list
        ("", "", "", "", "", "", ""),  # empty: skipped, not counted
        ("Công ty G\x00", "", "205/LĐTBXH-GP", "", "thu hồi", "", ""),  # a NUL in the text
        ("Công ty H", "", "206/LĐTBXH-GP", "ngày 3 tháng 5 năm 2021", "Thu hồi giấy phép", "", ""),
    ]
    checked = _read(csv_bytes(rows))
    assert [r.name for r in checked.accepted] == [SMALL[0][0], "Công ty H"]
    assert checked.accepted[1].licence_date == dt.date(2021, 5, 3) and checked.accepted[1].status == "revoked"
    assert checked.rows_read == 10 and checked.rows_rejected == 8
    codes = {r["row"]: [x["code"] for x in r["reasons"]] for r in checked.rejected}
    assert codes == {
        3: ["missing_name"],
        4: ["bad_date"],
        5: ["unknown_status"],
        6: ["duplicate_licence"],
        7: ["missing_licence"],
        8: ["bad_licence"],
        9: ["date_after_list"],
        11: ["control_chars"],
    }
    duplicate = next(r for r in checked.rejected if r["row"] == 6)
    assert duplicate["reasons"][0]["first_row"] == 2 and duplicate["values"]["name"] == "Công ty C"
    assert "\x00" not in str(checked.rejected)  # kept in the report in a form the database can store
    with translation.override("en"):
        assert reader.reason_text(duplicate["reasons"][0]) == (
            "The licence number 101 / lđtbxh-gp is already on row 2 of the file."
        )
        texts = [reader.reason_text(x) for r in checked.rejected for x in r["reasons"]]
    assert all(t and "_" not in t.split()[0] for t in texts)


def test_a_row_with_several_problems_lists_them_all():
    checked = _read(csv_bytes([("", "", "", "99/99/2020", "???", "", "")]))
    assert [x["code"] for x in checked.rejected[0]["reasons"]] == [
        "missing_name",
        "missing_licence",
        "bad_date",
        "unknown_status",
    ]


def test_no_status_column_means_active():
    header = ["Tên doanh nghiệp", "Số giấy phép"]
    content = "\n".join([",".join(header), "Công ty A,1/GP", "Công ty B,2/GP"]).encode()
    checked = _read(content)
    assert [r.status for r in checked.accepted] == ["active", "active"]


@pytest.mark.parametrize(
    ("content", "file_name", "code"),
    [
        (b"", "x.csv", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "list.xls", "old_excel"),
        (b"PK\x03\x04 not really a zip", "list.xlsx", "bad_excel"),
        ("Tên doanh nghiệp,Số giấy phép\nCông ty A,1/GP".encode("utf-16-le"), "list.csv", "not_utf8"),
        (b"Ten doanh nghiep;So giay phep\nC\xf4ng ty \xc1nh;1/GP", "list.csv", "not_utf8"),  # Windows-1258
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "not_utf8"),
        (b"%PDF-1.7", "list.pdf", "not_a_table"),
        ("Họ tên,Ngày sinh\nNguyễn A,01/01/1990".encode(), "people.csv", "no_name_column"),
        ("Tên doanh nghiệp,Địa chỉ\nCông ty A,Hà Nội".encode(), "list.csv", "no_licence_column"),
        ('Tên doanh nghiệp,Số giấy phép\n"Công ty A,1/GP'.encode(), "list.csv", None),  # open quote: read as text
    ],
)
def test_files_that_cannot_be_read_give_one_clear_reason(content, file_name, code):
    if code is None:
        reader.read_table(content, file_name)  # the csv module reads an open quote to the end: no crash
        return
    with pytest.raises(reader.UnreadableFile) as caught:
        reader.read_table(content, file_name)
    assert caught.value.code == code
    with translation.override("en"):
        message = reader.failure_text(caught.value.as_dict())
    assert message and message != code


def test_an_excel_file_without_the_columns_is_refused():
    with pytest.raises(reader.UnreadableFile) as caught:
        reader.read_table(xlsx_bytes([("a", "b")], header=["Họ tên", "Ngày sinh"]), "x.xlsx")
    assert caught.value.code == "no_name_column" and "Họ tên" in caught.value.params["first_row"]


def test_too_big_and_too_many_rows(monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(reader.UnreadableFile) as caught:
        reader.read_table(csv_bytes(SMALL * 3))
    assert caught.value.code == "too_big"
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10_000_000)
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    with pytest.raises(reader.UnreadableFile) as caught:
        reader.read_table(csv_bytes(SMALL))
    assert caught.value.code == "too_many_rows"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/03/2015", dt.date(2015, 3, 12)),
        ("1/3/2015", dt.date(2015, 3, 1)),
        ("12-03-2015", dt.date(2015, 3, 12)),
        ("12.03.2015", dt.date(2015, 3, 12)),
        ("2015-03-12", dt.date(2015, 3, 12)),
        ("2015-03-12 00:00:00", dt.date(2015, 3, 12)),
        ("42075", dt.date(2015, 3, 12)),
        (42075, dt.date(2015, 3, 12)),
        ("Ngày 12 tháng 03 năm 2015", dt.date(2015, 3, 12)),
        ("", None),
    ],
)
def test_dates_in_their_usual_forms(value, expected):
    assert reader.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2019", "2015", "hôm qua", "12/13/2015", -5])
def test_dates_that_cannot_be_read(value):
    with pytest.raises(ValueError):
        reader.parse_date(value)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Đang hoạt động", "active"),
        ("ĐANG HOẠT ĐỘNG", "active"),
        ("dang hoat dong", "active"),
        ("", "active"),
        ("Active", "active"),
        ("Đình chỉ", "suspended"),
        ("Tạm đình chỉ", "suspended"),
        ("suspended", "suspended"),
        ("Thu hồi", "revoked"),
        ("Thu hồi giấy phép", "revoked"),
        ("REVOKED", "revoked"),
        ("Giải thể", None),
        ("x", None),
    ],
)
def test_status_words(value, status):
    assert reader.parse_status(value) == status


def test_header_constant_matches_the_sample_file(sample_bytes):
    table = reader.read_table(sample_bytes)
    assert set(table.columns) == set(reader.FIELDS)
    assert HEADER[1] == table.headers["name"]
