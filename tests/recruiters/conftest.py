"""Staff of each kind, files of the licence list (CSV and Excel made here), and a list in force."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from safepath.accounts.roles import Role
from safepath.recruiters import matching, services
from tests.factories import AgencyFactory, UserFactory

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "safepath"
    / "recruiters"
    / "samples"
    / "danh-sach-doanh-nghiep-mau.csv"
)
DATA_DATE = dt.date(2025, 9, 1)
HEADER = ["STT", "Tên doanh nghiệp", "Tên viết tắt", "Số giấy phép", "Ngày cấp", "Tình trạng", "Địa chỉ", "Điện thoại"]
# A small list: (name, short name, licence number, date, status, address, phone)
SMALL = [
    ("Công ty Cổ phần Nhân lực Quốc tế Sao Mai", "SAO MAI MANPOWER JSC", "101/LĐTBXH-GP", "12/03/2015", "Đang hoạt động",
     "Số 12 phố Hoa Sữa, Hà Nội", "024 3999 1001"),
    ("Công ty TNHH Cung ứng Nhân lực Bình Minh Xanh", "BMX CO., LTD", "102/LĐTBXH-GP", "05/07/2018", "Đình chỉ",
     "Số 4 đường Cánh Buồm, Hải Phòng", "0225 390 1002"),
    ("Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát", "", "103/LĐTBXH-GP", "20/01/2012", "Thu hồi",
     "Số 8 đường Bình Minh, Nghệ An", "0238 390 1003"),
]  # fmt: skip


def csv_bytes(rows, *, header=HEADER, delimiter=",", bom=True, title=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if title:
        writer.writerow([title])
    writer.writerow(header)
    for i, row in enumerate(rows, start=1):
        writer.writerow([str(i), *row])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows, *, header=HEADER, title=None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(content: bytes, *, data_date=DATA_DATE, file_name="list.csv", actor=None, source=""):
    batch = services.licence_import_create(
        actor=actor, file_name=file_name, content=content, data_date=data_date, source=source
    )
    return services.licence_import_run(import_id=batch.pk, channel="cli")


@pytest.fixture
def agency(db):
    return AgencyFactory(code="HN-MRC")


@pytest.fixture
def sysadmin(agency):
    return UserFactory(agency=agency, roles=[Role.SYSTEM_ADMIN], username="quantri")


@pytest.fixture
def outreach(agency):
    return UserFactory(agency=agency, roles=[Role.OUTREACH_OFFICER], username="truyenthong")


@pytest.fixture
def caseworker(agency):
    return UserFactory(agency=agency, roles=[Role.CASEWORKER], username="canbo")


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def sample_list(db, sample_bytes):
    """The demo list (60 enterprises, 3 bad rows) in force."""
    return run_import(sample_bytes, file_name=SAMPLE.name)


@pytest.fixture
def small_list(db):
    return run_import(csv_bytes(SMALL))


@pytest.fixture(scope="session")
def sample_rows() -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))
    return [r for r in rows[2:] if r[1] and r[0] not in ("61", "62", "63")]


@pytest.fixture(scope="session")
def index(sample_rows) -> matching.NameIndex:
    """The sample list as a search index, without a database."""
    return matching.NameIndex(
        matching.Entry(
            key=int(r[0]),
            tokens=tuple(matching.name_tokens(r[1])),
            short_tokens=tuple(matching.name_tokens(r[2])),
            licence_key=matching.licence_key(r[3]),
            licence_lead=matching.licence_lead(r[3]),
        )
        for r in sample_rows
    )
