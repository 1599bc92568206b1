"""Reading the licence list from a file: CSV (UTF-8, with or without BOM; comma, semicolon or tab) or
Excel .xlsx, with Vietnamese or English headers, the header row anywhere in the first rows.

Pure functions, no database. `read_rows` gives the rows under their fields, or raises `UnreadableFile`
(one clear reason: the whole file is refused); `check_rows` sorts them into accepted enterprises and
rejected rows, each rejection with reason codes that `reason_text` turns into words in the reader's
language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safepath.core.normalize import fold
from safepath.recruiters import matching
from safepath.recruiters.models import EnterpriseStatus

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 20
MAX_STORED_REJECTIONS = 5_000
MAX_VALUE = 300  # characters of a rejected value kept in the report

FIELDS = ("name", "short_name", "licence_number", "licence_date", "status", "address", "phone")
LIMITS = {"name": 500, "short_name": 200, "licence_number": 100, "address": 500, "phone": 100}

# Headers as folded words (see _header_key), most specific first. A column is taken by the first field
# whose synonyms it matches, exactly or (for synonyms of two words or more) at its start.
HEADERS: dict[str, tuple[str, ...]] = {
    "short_name": (
        "ten viet tat", "viet tat", "ten tat", "short name", "shortname", "abbreviation", "abbreviated name",
        "ten giao dich", "trading name", "ten tieng anh", "english name",
    ),
    "licence_number": (
        "so giay phep", "so gp", "so giay phep hoat dong", "giay phep so", "giay phep", "licence number",
        "license number", "licence no", "license no", "licence", "license", "licence number", "permit number",
    ),
    "licence_date": (
        "ngay cap", "ngay cap giay phep", "ngay cap gp", "ngay cap phep", "licence date", "license date",
        "date of issue", "issue date", "issued on", "issued", "date issued",
    ),
    "status": (
        "tinh trang", "trang thai", "tinh trang hoat dong", "tinh trang giay phep", "trang thai giay phep",
        "status", "licence status", "license status",
    ),
    "name": (
        "ten doanh nghiep", "ten cong ty", "ten dn", "doanh nghiep", "ten to chuc", "ten", "name",
        "enterprise name", "enterprise", "company name", "company", "name of enterprise",
    ),
    "address": ("dia chi", "dia chi tru so", "dia chi tru so chinh", "tru so", "tru so chinh", "address", "head office"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "dt", "phone", "telephone", "tel", "phone number"),
}  # fmt: skip

# Status as written (folded words) -> status. An empty cell, or no status column: active.
STATUS_WORDS: dict[str, str] = {
    "": EnterpriseStatus.ACTIVE,
    "dang hoat dong": EnterpriseStatus.ACTIVE,
    "hoat dong": EnterpriseStatus.ACTIVE,
    "con hieu luc": EnterpriseStatus.ACTIVE,
    "dang hieu luc": EnterpriseStatus.ACTIVE,
    "hieu luc": EnterpriseStatus.ACTIVE,
    "cap moi": EnterpriseStatus.ACTIVE,
    "cap lai": EnterpriseStatus.ACTIVE,
    "cap doi": EnterpriseStatus.ACTIVE,
    "active": EnterpriseStatus.ACTIVE,
    "valid": EnterpriseStatus.ACTIVE,
    "licensed": EnterpriseStatus.ACTIVE,
    "dinh chi": EnterpriseStatus.SUSPENDED,
    "tam dinh chi": EnterpriseStatus.SUSPENDED,
    "bi dinh chi": EnterpriseStatus.SUSPENDED,
    "dinh chi hoat dong": EnterpriseStatus.SUSPENDED,
    "tam dinh chi hoat dong": EnterpriseStatus.SUSPENDED,
    "tam ngung": EnterpriseStatus.SUSPENDED,
    "tam ngung hoat dong": EnterpriseStatus.SUSPENDED,
    "suspended": EnterpriseStatus.SUSPENDED,
    "thu hoi": EnterpriseStatus.REVOKED,
    "bi thu hoi": EnterpriseStatus.REVOKED,
    "da thu hoi": EnterpriseStatus.REVOKED,
    "thu hoi giay phep": EnterpriseStatus.REVOKED,
    "da thu hoi giay phep": EnterpriseStatus.REVOKED,
    "bi thu hoi giay phep": EnterpriseStatus.REVOKED,
    "revoked": EnterpriseStatus.REVOKED,
    "withdrawn": EnterpriseStatus.REVOKED,
    "cancelled": EnterpriseStatus.REVOKED,
    "canceled": EnterpriseStatus.REVOKED,
}

_VN_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%Y/%m/%d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class UnreadableFile(Exception):
    """The whole file is refused, for one reason: `code` and its `params` (see `failure_text`)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.params}


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    columns: dict[str, int]  # field -> column index
    headers: dict[str, str]  # field -> header as written
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)


@dataclass
class GoodRow:
    row: int
    name: str
    short_name: str
    licence_number: str
    licence_date: dt.date | None
    status: str
    address: str
    phone: str


@dataclass
class Checked:
    accepted: list[GoodRow] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0


# --- reading the file --------------------------------------------------------------------------------
def detect_format(content: bytes, file_name: str = "") -> str:
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("old_excel")
    if file_name.lower().endswith((".xls", ".ods", ".numbers", ".pdf", ".doc", ".docx")):
        raise UnreadableFile("not_a_table")
    return "csv"


def read_table(content: bytes, file_name: str = "") -> Table:
    """The rows of the file under their fields. Raises UnreadableFile."""
    if not content:
        raise UnreadableFile("empty")
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile("too_big", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    fmt = detect_format(content, file_name)
    sources: list[Callable[[], Iterator[tuple[int, list[Any]]]]]
    if fmt == "xlsx":
        sources = _xlsx_sheets(content)
    else:
        _decode(content)  # refuse a file that is not text once, before trying the delimiters
        sources = [partial(_csv_rows, content, d) for d in (",", ";", "\t")]
    # The header: the row, in the first rows of a sheet (or with one of the delimiters), that names the
    # most fields, the name among them. Title rows above it are skipped.
    best: tuple[int, dict[str, int], dict[str, str], int, Callable[[], Iterator[tuple[int, list[Any]]]]] | None
    best = None
    first_row = ""
    for source in sources:
        for i, (_n, cells) in enumerate(_take(source(), HEADER_SEARCH_ROWS)):
            if not first_row:
                first_row = " | ".join(t for t in (_text(c) for c in cells) if t)[:120]
            columns, headers = map_headers(cells)
            if "name" in columns and (best is None or len(columns) > best[0]):
                best = (len(columns), columns, headers, i, source)
    if best is None:
        raise UnreadableFile("no_name_column", first_row=first_row)
    _width, columns, headers, header_at, source = best
    if "licence_number" not in columns:
        raise UnreadableFile("no_licence_column", headers=", ".join(headers.values()))
    body: list[tuple[int, list[Any]]] = []
    for k, (number, cells) in enumerate(source()):
        if k <= header_at or not any(_text(c) for c in cells):
            continue
        body.append((number, cells))
        if len(body) > MAX_ROWS:
            raise UnreadableFile("too_many_rows", limit=MAX_ROWS)
    return Table(format=fmt, columns=columns, headers=headers, rows=body)


def _take(grid: Iterator[tuple[int, list[Any]]], n: int) -> Iterator[tuple[int, list[Any]]]:
    for _i, item in zip(range(n), grid, strict=False):
        yield item


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile("not_utf8") from exc
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("not_utf8") from exc
    if text.count("\x00") > len(text) // 4:
        raise UnreadableFile("not_utf8")  # UTF-16 without its mark, or not text at all
    return text


def _csv_rows(content: bytes, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise UnreadableFile("bad_csv", detail=str(exc)[:200]) from exc


def _xlsx_sheets(content: bytes) -> list[Callable[[], Iterator[tuple[int, list[Any]]]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise UnreadableFile("too_big", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("bad_excel") from exc
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a packaging mistake, said plainly
        raise UnreadableFile("no_excel_support") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile("bad_excel") from exc

    def rows_of(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        except Exception as exc:
            raise UnreadableFile("bad_excel") from exc

    return [partial(rows_of, sheet) for sheet in book.worksheets]


# --- headers -----------------------------------------------------------------------------------------
def _header_key(value: Any) -> str:
    return " ".join(matching.words(_text(value).replace("_", " ")))


def map_headers(cells: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Which column holds which field: ({field: index}, {field: header as written})."""
    keys = [_header_key(c) for c in cells]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for exact in (True, False):
        for field_name, synonyms in HEADERS.items():
            if field_name in columns:
                continue
            for synonym in synonyms:
                hit = next(
                    (
                        i
                        for i, key in enumerate(keys)
                        if i not in columns.values()
                        and key
                        and (key == synonym if exact else (" " in synonym and key.startswith(synonym + " ")))
                    ),
                    None,
                )
                if hit is not None:
                    columns[field_name] = hit
                    headers[field_name] = _text(cells[hit])[:100]
                    break
    return columns, headers


# --- values ------------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if not (value.hour or value.minute) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def parse_date(value: Any) -> dt.date | None:
    """A licence date as written: dd/mm/yyyy (and the other usual forms), an Excel date or day number,
    "ngày 3 tháng 5 năm 2021". None when empty; raises ValueError when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2_958_465:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = _text(value)
    if not text:
        return None
    if text.isdigit() and len(text) == 5:
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    m = _VN_DATE.search(fold(text))
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    raise ValueError(text)


def parse_status(value: Any) -> str | None:
    """The status of a row; None when the word is not one we know."""
    text = _text(value)
    key = " ".join(matching.words(text))
    if text and not key:
        return None  # "???", "-": something written, not a status
    return STATUS_WORDS.get(key)


def _phone(value: Any) -> str:
    # Excel keeps a number typed in a cell as a number and drops its leading zero (024 3... -> 243...).
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return "0" + digits if len(digits) in (9, 10) and not digits.startswith("0") else digits
    return _text(value)


# --- checking rows -----------------------------------------------------------------------------------
def check_rows(table: Table, *, data_date: dt.date, progress: Callable[[int, int], None] | None = None) -> Checked:
    """Every row either accepted or rejected with its reasons (all of them, not only the first)."""
    out = Checked()
    seen: dict[str, int] = {}
    total = len(table.rows)
    for i, (number, cells) in enumerate(table.rows, start=1):
        raw = {f: (cells[c] if c < len(cells) else None) for f, c in table.columns.items()}
        values = {f: _text(raw.get(f)) for f in FIELDS if f in table.columns}
        if not any(values.values()):
            continue  # a numbered but empty row (STT only): not a row of the list
        reasons: list[dict[str, Any]] = []
        if any(_CONTROL.search(v) for v in values.values()):
            reasons.append({"code": "control_chars"})
        name = values.get("name", "")
        if not name:
            reasons.append({"code": "missing_name"})
        number_text = _text(raw.get("licence_number"))
        key = matching.licence_key(number_text)
        if not number_text:
            reasons.append({"code": "missing_licence"})
        elif not any(ch.isdigit() for ch in key):
            reasons.append({"code": "bad_licence", "value": number_text[:MAX_VALUE]})
        elif key in seen:
            reasons.append({"code": "duplicate_licence", "value": number_text[:MAX_VALUE], "first_row": seen[key]})
        for f, limit in LIMITS.items():
            if len(values.get(f, "")) > limit:
                reasons.append({"code": "too_long", "field": f, "limit": limit})
        licence_date: dt.date | None = None
        try:
            licence_date = parse_date(raw.get("licence_date"))
        except (ValueError, OverflowError):
            reasons.append({"code": "bad_date", "value": values.get("licence_date", "")[:MAX_VALUE]})
        else:
            if licence_date is not None and licence_date.year < 1950:
                reasons.append({"code": "bad_date", "value": values.get("licence_date", "")[:MAX_VALUE]})
            elif licence_date is not None and licence_date > data_date:
                reasons.append(
                    {"code": "date_after_list", "value": licence_date.isoformat(), "list": data_date.isoformat()}
                )
        status = parse_status(raw.get("status"))
        if status is None:
            reasons.append({"code": "unknown_status", "value": values.get("status", "")[:MAX_VALUE]})
        out.rows_read += 1
        if reasons:
            out.rows_rejected += 1
            if len(out.rejected) < MAX_STORED_REJECTIONS:
                kept = {f: _storable(v) for f, v in values.items()}
                out.rejected.append({"row": number, "values": kept, "reasons": reasons})
        else:
            seen[key] = number
            out.accepted.append(
                GoodRow(
                    row=number,
                    name=name,
                    short_name=values.get("short_name", ""),
                    licence_number=number_text,
                    licence_date=licence_date,
                    status=str(status),
                    address=values.get("address", ""),
                    phone=_phone(raw.get("phone")),
                )
            )
        if progress and (i % 200 == 0 or i == total):
            progress(i, total)
    return out


def _storable(value: str) -> str:
    """A rejected value as kept in the report: shortened, and without what a database cannot store."""
    return _CONTROL.sub("\ufffd", value[:MAX_VALUE])


# --- words for the reader ----------------------------------------------------------------------------
FIELD_LABELS: dict[str, Callable[[], str]] = {
    "name": lambda: _("Enterprise name"),
    "short_name": lambda: _("Short name"),
    "licence_number": lambda: _("Licence number"),
    "licence_date": lambda: _("Licence date"),
    "status": lambda: _("Status"),
    "address": lambda: _("Address"),
    "phone": lambda: _("Phone"),
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return label() if label else name


def _date_text(iso: str) -> str:
    try:
        return date_format(dt.date.fromisoformat(iso), "d/m/Y")
    except (TypeError, ValueError):
        return str(iso)


def reason_text(reason: dict[str, Any]) -> str:
    """One reason a row was rejected, in the active language."""
    code = reason.get("code")
    value = str(reason.get("value", ""))
    if code == "missing_name":
        return _("The enterprise name is missing.")
    if code == "missing_licence":
        return _("The licence number is missing.")
    if code == "bad_licence":
        return _("“%(value)s” is not a licence number: it has no digits.") % {"value": value}
    if code == "duplicate_licence":
        return _("The licence number %(value)s is already on row %(row)s of the file.") % {
            "value": value,
            "row": reason.get("first_row"),
        }
    if code == "bad_date":
        return _("The licence date “%(value)s” cannot be read: write it as dd/mm/yyyy.") % {"value": value}
    if code == "date_after_list":
        return _("The licence date %(date)s is after the date of the list (%(list)s).") % {
            "date": _date_text(value),
            "list": _date_text(str(reason.get("list", ""))),
        }
    if code == "unknown_status":
        return _(
            "Unknown status “%(value)s”: write Đang hoạt động, Đình chỉ or Thu hồi (or active, suspended, revoked)."
        ) % {"value": value}
    if code == "too_long":
        return _("%(field)s is longer than %(limit)s characters.") % {
            "field": field_label(str(reason.get("field", ""))),
            "limit": reason.get("limit"),
        }
    if code == "control_chars":
        return _("The row holds control characters that cannot be stored.")
    return str(code)


def failure_text(failure: dict[str, Any]) -> str:
    """Why a file could not be imported at all, in the active language."""
    code = failure.get("code")
    if code == "empty":
        return _("The file is empty.")
    if code == "too_big":
        return _("The file is too big: at most %(mb)s MB.") % {"mb": failure.get("limit_mb")}
    if code == "too_many_rows":
        return _("The file has more than %(n)s rows.") % {"n": failure.get("limit")}
    if code == "old_excel":
        return _("This is an old Excel file (.xls). Save it as Excel Workbook (.xlsx) or as CSV UTF-8, then import it.")
    if code == "not_a_table":
        return _("This is not a CSV or Excel (.xlsx) file.")
    if code == "not_utf8":
        return _(
            "The file is not CSV in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)” or as .xlsx, then import it."
        )
    if code == "bad_csv":
        return _("The CSV file cannot be read: %(detail)s.") % {"detail": failure.get("detail", "")}
    if code == "bad_excel":
        return _("The Excel file cannot be opened: it may be damaged or protected by a password.")
    if code == "no_excel_support":
        return _("This server cannot read Excel files. Save the list as CSV UTF-8 and import that.")
    if code == "no_name_column":
        return _(
            "No column for the enterprise name was found (a header such as “Tên doanh nghiệp” or “name”). "
            "The file begins with: %(first)s"
        ) % {"first": failure.get("first_row") or "—"}
    if code == "no_licence_column":
        return _(
            "No column for the licence number was found (a header such as “Số giấy phép” or “licence number”). "
            "Columns found: %(headers)s"
        ) % {"headers": failure.get("headers") or "—"}
    if code == "no_rows":
        return _("No row of the file could be accepted, so the list in force was kept. See the rejected rows.")
    if code == "internal":
        return _("The import stopped on an unexpected error. Nothing was changed.")
    return str(code)
