"""Demo licence lists: the list in force (about 60 fictional enterprises, dated three weeks before
`today`, from samples/danh-sach-doanh-nghiep-mau.csv, with three bad rows to show the report of
rejected rows), and an earlier list four months older, kept in the history.

The enterprises are invented: plausible Vietnamese company names, none of them a real company.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

from safepath.audit.models import Channel
from safepath.recruiters.models import DOLAB_SOURCE
from safepath.recruiters.services import licence_import_create, licence_import_run

SAMPLE = Path(__file__).resolve().parent / "samples" / "danh-sach-doanh-nghiep-mau.csv"


def _earlier_list(content: bytes) -> bytes:
    """The same list four months earlier: the last few enterprises not yet licensed, no bad rows, and two
    enterprises still active that were suspended or revoked since."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    body = [r for r in rows[header_at + 1 :] if r[1]][:55]
    for r in body:
        if r[0] in ("19", "26"):
            r[5] = "Đang hoạt động"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(rows[header_at])
    writer.writerows(body)
    return out.getvalue().encode("utf-8")


def load_demo(*, agencies: dict[str, Any], users: dict[str, Any], today: dt.date, rng: random.Random) -> dict[str, int]:
    content = SAMPLE.read_bytes()
    earlier = licence_import_create(
        actor=None,
        file_name="danh-sach-doanh-nghiep-truoc.csv",
        content=_earlier_list(content),
        data_date=today - dt.timedelta(days=21 + 120),
        source=DOLAB_SOURCE,
        channel=Channel.CLI,
    )
    licence_import_run(import_id=earlier.pk, channel=Channel.CLI)
    current = licence_import_create(
        actor=None,
        file_name=SAMPLE.name,
        content=content,
        data_date=today - dt.timedelta(days=21),
        source=DOLAB_SOURCE,
        channel=Channel.CLI,
    )
    current = licence_import_run(import_id=current.pk, channel=Channel.CLI)
    return {"licensed_enterprises": current.rows_accepted, "licence_lists": 2}
