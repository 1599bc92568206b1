"""A case with recruiter contacts (for the reported-contact look-up) and a licence list in force."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from safepath.accounts.roles import Role
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register


@pytest.fixture
def caseworker(db):
    return UserFactory(agency=AgencyFactory(code="HN-MRC"), roles=[Role.CASEWORKER], username="canbo_jc")


@pytest.fixture
def case(caseworker):
    from safepath.cases.services import CaseInput, case_assign, case_open

    supervisor = UserFactory(agency=caseworker.agency, roles=[Role.SUPERVISOR], username="giamsat_jc")
    person = register(caseworker)
    c = case_open(
        actor=caseworker,
        person=person,
        data=CaseInput(
            case_type="returned",
            channel="phone",
            migration_stage="returned",
            destination_country_id="KH",
            summary="Bị lừa sang Campuchia làm việc online.",
        ),
    )
    return case_assign(actor=supervisor, case=c, caseworker_id=caseworker.pk, supervisor_id=supervisor.pk)


LICENCE_ROWS = [
    (
        "Công ty Cổ phần Nhân lực Quốc tế Sao Mai",
        "SAO MAI MANPOWER JSC",
        "101/LĐTBXH-GP",
        "12/03/2015",
        "Đang hoạt động",
    ),
    ("Công ty TNHH Xuất khẩu Lao động Hoàng Gia Phát", "", "103/LĐTBXH-GP", "20/01/2012", "Thu hồi"),
]


@pytest.fixture
def licence_list(db):
    """A small licence list in force, imported the way staff import DOLAB's file."""
    from safepath.recruiters import services

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["STT", "Tên doanh nghiệp", "Tên viết tắt", "Số giấy phép", "Ngày cấp", "Tình trạng", "Địa chỉ"])
    for i, row in enumerate(LICENCE_ROWS, start=1):
        writer.writerow([i, *row, "Hà Nội"])
    batch = services.licence_import_create(
        actor=None, file_name="list.csv", content=out.getvalue().encode(), data_date=dt.date(2026, 9, 1)
    )
    return services.licence_import_run(import_id=batch.pk, channel="cli")
