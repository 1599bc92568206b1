"""Programme reports from the command line: `safepath reports generate` (progress lines, the files) and
`safepath reports run-due`; `safepath alerts` runs the due schedules on every round."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from safepath.reports import services
from safepath.reports.models import Report, ReportStatus
from tests.reports.test_reports_services import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_generate_prints_progress_and_writes_the_files(world, tmp_path):
    out = io.StringIO()
    call_command(
        "reports",
        "generate",
        "--kind",
        "monthly",
        "--period",
        "10/2025",
        "--lang",
        "vi",
        "--agency",
        "HN-MRC",
        "--format",
        "xlsx,pdf",
        "--indicator",
        "MRC-01",
        "--indicator",
        "MRC-03",
        "--output",
        str(tmp_path),
        stdout=out,
    )
    text = out.getvalue()
    assert "[1/2] MRC-01" in text and "[2/2] MRC-03" in text and text.rstrip().endswith("Done.")
    report = Report.objects.get()
    assert report.status == ReportStatus.DONE and report.created_by is None and report.agency == world.a
    assert report.parameters["agencies_counted"] == [str(world.a.pk)]
    xlsx = tmp_path / "safepath-bao-cao-thang-2025-10-hn-mrc-vi.xlsx"
    pdf = tmp_path / "safepath-bao-cao-thang-2025-10-hn-mrc-vi.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    wb = openpyxl.load_workbook(xlsx)
    summary = wb[wb.sheetnames[1]]
    assert summary["A2"].value == "MRC-01" and summary["D2"].value == 15  # agency A: 12 + 3


def test_generate_refuses_bad_input(world, tmp_path):
    with pytest.raises(CommandError, match="period"):
        call_command("reports", "generate", "--period", "32/2025", stdout=io.StringIO())
    with pytest.raises(CommandError, match="agency"):
        call_command("reports", "generate", "--period", "10/2025", "--agency", "NOPE", stdout=io.StringIO())
    with pytest.raises(CommandError, match="folder"):
        call_command(
            "reports", "generate", "--period", "10/2025", "--output", str(tmp_path / "no"), stdout=io.StringIO()
        )
    assert not Report.objects.exists()


def test_run_due_and_the_alerts_loop(world):
    services.schedule_create(actor=world.supervisor, kind="monthly", formats=["xlsx"], today=dt.date(2025, 10, 15))
    out = io.StringIO()
    call_command("reports", "run-due", "--today", "01/11/2025", stdout=out)
    assert "monthly 2025-10: report" in out.getvalue() and "1 report(s) queued." in out.getvalue()
    again = io.StringIO()
    call_command("reports", "run-due", "--today", "02/11/2025", stdout=again)
    assert again.getvalue().strip() == "No report due."
    with pytest.raises(CommandError, match="DD/MM/YYYY"):
        call_command("reports", "run-due", "--today", "2025-11-02", stdout=io.StringIO())
    # `safepath alerts` (run every 5 minutes by `make demo`) makes what is due today.
    services.schedule_create(actor=world.supervisor, kind="monthly", formats=["xlsx"], today=dt.date(2025, 1, 15))
    alerts = io.StringIO()
    call_command("alerts", stdout=alerts)
    assert "reports queued:" in alerts.getvalue()
    assert Report.objects.count() > 1
