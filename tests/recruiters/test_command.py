"""safepath import-licences FILE --data-date DD/MM/YYYY [--source TEXT]: progress, report, clear errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from safepath.audit.models import AccessEvent
from safepath.recruiters.models import LicenceImport
from tests.recruiters.conftest import SAMPLE, SMALL, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_the_command_imports_the_sample_and_prints_the_report():
    out = io.StringIO()
    call_command("import-licences", str(SAMPLE), "--data-date", "01/09/2025", stdout=out)
    text = out.getvalue()
    assert "checking the rows: 63/63 (100%)" in text and "saving the enterprises: 60/60 (100%)" in text
    assert "Rows read: 63; accepted: 60; rejected: 3." in text
    assert "row 63:" in text and "row 64:" in text and "row 65:" in text
    assert "now in force: 60 enterprises" in text
    batch = LicenceImport.objects.get()
    assert batch.is_current and batch.imported_by is None and batch.data_date.isoformat() == "2025-09-01"
    assert set(AccessEvent.objects.filter(object_type="licence_import").values_list("channel", flat=True)) == {"cli"}


def test_the_command_reads_excel_and_takes_a_source(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes(SMALL))
    call_command(
        "import-licences", str(path), "--data-date", "01/09/2025", "--source", "DOLAB 2025", stdout=io.StringIO()
    )
    assert LicenceImport.objects.get().source == "DOLAB 2025"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"\x00\x01\x02 not a list", ["--data-date", "01/09/2025"], "file:"),
        ("Họ tên,Ngày sinh\nA,1".encode(), ["--data-date", "01/09/2025"], "file:"),
        ("Tên doanh nghiệp,Số giấy phép\nA,1/GP".encode(), ["--data-date", "2025"], "data_date:"),
    ],
)
def test_a_file_that_cannot_be_imported_gives_one_clear_error(tmp_path, content, args, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        call_command("import-licences", str(path), *args, stdout=io.StringIO())
    assert message in str(caught.value)
    assert not LicenceImport.objects.exists()


def test_a_missing_file_and_a_file_without_good_rows(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import-licences", str(tmp_path / "none.csv"), "--data-date", "01/09/2025")
    path = tmp_path / "bad.csv"
    path.write_bytes("Tên doanh nghiệp,Số giấy phép\n,1/GP\nB,\n".encode())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-licences", str(path), "--data-date", "01/09/2025", stdout=out)
    assert "rejected: 2" in out.getvalue()
    assert LicenceImport.objects.get().status == "failed" and not LicenceImport.objects.filter(is_current=True).exists()
