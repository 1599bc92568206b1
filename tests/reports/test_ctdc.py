"""The k-anonymous case-level export in CTDC / HTCDS field names (issue 7, point 4).

k is verified on the *output* (the CSV read back from the zip), at k = 11 and at a small k; no output
column is a denied field; no name, phone, identity number, case number, id or summary reaches the
file; a supervisor exports only their agency, an analyst is refused; the job, its page, the download
(only for the user who started it, logged once) and the clean-up after 24 hours.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from safepath.accounts.roles import AgencyType, Role
from safepath.audit.models import AccessEvent
from safepath.cases.choices import ExploitationType, MeansOfControl, RecruiterRelationship
from safepath.cases.models import Case
from safepath.core.models import Job, JobKind, JobStatus
from safepath.people.models import Person
from safepath.places.models import Province
from safepath.reports import ctdc, kanon
from safepath.reports.ctdc import CaseExportOptions
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
YEAR = timezone.localdate().year - 1  # a full year before this one: always a valid export year


# --- builders (also used by test_exports.py and test_api.py) ------------------------------------------
def make_person(agency, *, sex="female", birth_year=2002, province="01", legacy=None, name=None, phone=None):
    n = next(_numbers)
    return Person.objects.create(
        family_name="Quách",
        middle_name="Thị",
        given_name=name or f"Xuyến{n:04d}",
        phone=phone or f"+8490{n:07d}",
        id_number=f"0941990{n:05d}",
        address=f"Số nhà {n} ngõ Hoa Sữa Xanh",
        birth_date=f"{birth_year}-03-17" if birth_year else "",
        sex=sex,
        birth_year=birth_year,
        origin_province_id=province,
        origin_legacy_province_id=legacy,
        registered_by_agency=agency,
    )


def make_case(
    agency,
    person=None,
    *,
    opened=None,
    country="JP",
    legal="victim",
    case_type="suspected_trafficking",
    exploitation=("ForcedLabour",),
    means=("DebtBondage",),
    relation="Friend",
    closure_reason="",
    **person_fields,
):
    person = person or make_person(agency, **person_fields)
    n = next(_numbers)
    return Case.objects.create(
        number=f"{agency.code}-{YEAR}-{n:05d}",
        agency=agency,
        person=person,
        case_type=case_type,
        channel="phone",
        migration_stage="returned",
        destination_country_id=country,
        legal_status=legal,
        exploitation_types=list(exploitation),
        means_of_control=list(means),
        recruiter_relationship=relation,
        closure_reason=closure_reason,
        opened_on=opened or dt.date(YEAR, 3, 1 + n % 27),
        summary=f"Chị Quách bị giữ hộ chiếu ở Nhật Bản, vụ số {n}.",
    )


def read_zip(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        text = archive.read(ctdc.CSV_NAME).decode("utf-8")
        readme = archive.read(ctdc.README_NAME).decode("utf-8")
        report = json.loads(archive.read(ctdc.REPORT_NAME))
    return names, list(csv.DictReader(io.StringIO(text))), text, readme, report


def release_of(options, agencies=None):
    qs = ctdc.case_queryset(agencies=agencies, options=options)
    found = ctdc.case_records(qs.values_list(*ctdc.CASE_COLUMNS))
    return ctdc.build_release(found, options=options)


def parsed(release):
    return list(csv.DictReader(io.StringIO(ctdc.release_csv(release))))


# --- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture
def agency(db):
    return AgencyFactory(code="HN-MRC", province=Province.objects.get(pk="01"))


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, province=Province.objects.get(pk="15"))


@pytest.fixture
def supervisor(agency):
    return UserFactory(agency=agency, roles=[Role.SUPERVISOR], username="giamsat")


@pytest.fixture
def other_supervisor(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.SUPERVISOR], username="lc.giamsat")


@pytest.fixture
def sysadmin(agency):
    return UserFactory(agency=agency, roles=[Role.SYSTEM_ADMIN], username="quantri.hethong")


@pytest.fixture
def analyst(db):
    return UserFactory(
        agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST], username="phantich"
    )


NAMED = [
    {"name": "Ngọc Xuyến Lào Cai", "phone": "+84358123987"},
    {"name": "Mỷ Xuân Bắc Hà", "phone": "+84987654321"},
]


@pytest.fixture
def cohort(agency, other_agency):
    """40 people of the agency alike enough to form groups of 11 or more, a few outliers, two named people,
    and 15 people of the other agency."""
    people = []
    for i in range(40):
        people.append(
            make_case(
                agency,
                sex="female" if i % 3 else "male",
                birth_year=YEAR - 22 - (i % 4),  # 22..25: the bands 21--23 and 24--26
                province="01" if i % 2 else "15",
                country="JP" if i % 5 else "KR",
                exploitation=("ForcedLabour",) if i % 4 else ("SexualExploitation", "ForcedLabour"),
                means=("DebtBondage", "WithholdsDocuments") if i % 2 else (),
                relation="vn_Broker" if i % 3 else "",
            )
        )
    # Outliers: a unique country, a unique age, a unique province. They must not come out as they are.
    people.append(make_case(agency, country="AU", birth_year=YEAR - 22))
    people.append(make_case(agency, birth_year=YEAR - 61, country="JP"))
    people.append(make_case(agency, province="96", country="JP", birth_year=YEAR - 22))
    for named in NAMED:
        people.append(make_case(agency, country="JP", birth_year=YEAR - 22, **named))
    for i in range(15):
        make_case(other_agency, country="TW", birth_year=YEAR - 30 - i % 3, province="15")
    return people


# --- codes --------------------------------------------------------------------------------------------
def test_every_safepath_code_has_a_ctdc_field():
    assert set(ExploitationType.values) <= set(ctdc.EXPLOITATION_FLAGS)
    assert set(ctdc.EXPLOITATION_FLAGS.values()) <= set(kanon.CTDC_FLAGS)
    assert set(MeansOfControl.values) <= set(ctdc.MEANS)
    assert set(RecruiterRelationship.values) <= set(ctdc.RELATION_OF)
    for field in (*ctdc.DEMOGRAPHIC_FIELDS, ctdc.PROVINCE_QI, *ctdc.PROFILE_FIELDS):
        assert not kanon.is_denied(field), field


def test_age_bands_gender_and_majority():
    assert [ctdc.age_band(a) for a in (0, 8, 9, 17, 18, 20, 21, 29, 30, 38, 39, 47, 48, 90)] == [
        "0--8",
        "0--8",
        "9--17",
        "9--17",
        "18--20",
        "18--20",
        "21--23",
        "27--29",
        "30--38",
        "30--38",
        "39--47",
        "39--47",
        "48+",
        "48+",
    ]
    assert ctdc.age_band(None) == ctdc.age_band(-1) == ctdc.age_band(130) == "-99"
    assert [ctdc.gender(s) for s in ("female", "male", "other", "unknown", None)] == [
        "Woman",
        "Man",
        "Trans/Transgender/NonConforming",
        "-99",
        "-99",
    ]
    assert [ctdc.majority(b) for b in ("9--17", "0--17", "21--23", "18+", "*", "-99")] == [
        "Minor",
        "Minor",
        "Adult",
        "Adult",
        "*",
        "-99",
    ]


def test_flags_are_mapped_and_unknown_codes_are_other():
    cols = ctdc.profile_columns(
        (
            ctdc.ACTUAL,
            frozenset({"isForcedLabour", "isSexualExploit"}),
            frozenset({"meansOfControlDebtBondage"}),
            frozenset({"recruiterRelationOther"}),
        )
    )
    assert cols["isForcedLabour"] == cols["isSexualExploit"] == cols["isSexAndLabour"] == 1
    assert cols["isForcedMarriage"] == 0 and cols["meansOfControlDebtBondage"] == 1
    assert cols["meansOfControlNotSpecified"] == 0 and cols["recruiterRelationOther"] == 1
    empty = ctdc.profile_columns((kanon.MISSING, None, None, None))
    assert empty["isForcedLabour"] == empty["meansOfControlThreats"] == empty["recruiterRelationFriend"] == "-99"
    assert empty["meansOfControlNotSpecified"] == 1
    assert list(cols) == list(ctdc.PROFILE_FIELDS)


def test_one_row_per_person_with_the_flags_of_all_their_cases(agency):
    person = make_person(agency, birth_year=YEAR - 16)
    make_case(agency, person, opened=dt.date(YEAR - 1, 5, 1), exploitation=("Surrogacy",), means=("Xyz",), country=None)
    make_case(agency, person, opened=dt.date(YEAR, 2, 1), exploitation=("ForcedMarriage",), legal="not_assessed")
    make_case(agency, person, opened=dt.date(YEAR, 6, 1), legal="foreign_victim", relation="vn_Stranger")
    options = CaseExportOptions(year_from=YEAR - 1, year_to=YEAR, k=5)
    qs = ctdc.case_queryset(agencies=None, options=options)
    found = ctdc.case_records(qs.values_list(*ctdc.CASE_COLUMNS))
    assert found.cases == 3 and found.persons == 1
    record = found.records[0]
    assert record["yearOfRegistration"] == str(YEAR - 1)  # the first case
    assert record["ageBroad"] == "9--17"  # 15 when the first case was opened
    assert record["CountryOfExploitation"] == "JP"  # the first case that has one
    assert record["citizenship"] == "-99"  # a case says foreign victim
    cols = ctdc.profile_columns(found.profiles[record["profile"]])
    assert cols["vic_TraffickingStatus"] == ctdc.ACTUAL
    assert cols["isOtherExploit"] == cols["isForcedMarriage"] == cols["isForcedLabour"] == 1
    assert cols["meansOfControlOther"] == cols["meansOfControlDebtBondage"] == 1
    assert cols["recruiterRelationOther"] == cols["recruiterRelationFriend"] == 1


def test_which_cases_are_read(agency, other_agency):
    make_case(agency, case_type="suspected_trafficking", legal="not_assessed")
    make_case(agency, case_type="information", legal="under_identification_vietnam")
    make_case(agency, case_type="information", legal="not_assessed")  # not trafficking-related
    make_case(agency, closure_reason="duplicate")  # closed as a duplicate: never
    make_case(agency, opened=dt.date(YEAR - 3, 1, 1))  # another year
    make_case(other_agency)
    options = CaseExportOptions(year_from=YEAR, year_to=YEAR, k=5)
    assert ctdc.case_queryset(agencies=None, options=options).count() == 3
    assert ctdc.case_queryset(agencies=frozenset({str(agency.pk)}), options=options).count() == 2
    everything = CaseExportOptions(year_from=YEAR, year_to=YEAR, k=5, all_case_types=True)
    assert ctdc.case_queryset(agencies=frozenset({str(agency.pk)}), options=everything).count() == 3


def test_options_are_checked():
    with translation.override("en"):
        for bad in (
            {"year_from": YEAR, "year_to": YEAR - 1},
            {"year_from": 1990, "year_to": YEAR},
            {"year_from": YEAR, "year_to": YEAR + 5},
            {"year_from": YEAR - 11, "year_to": YEAR},
            {"year_from": YEAR, "year_to": YEAR, "k": 2},
            {"year_from": YEAR, "year_to": YEAR, "k": 1000},
            {"year_from": YEAR, "year_to": YEAR, "k": True},
        ):
            with pytest.raises(ValidationError):
                CaseExportOptions(**bad)


# --- k on the output ----------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [11, 5])
def test_the_output_is_k_anonymous(cohort, k):
    options = CaseExportOptions(year_from=YEAR, year_to=YEAR, k=k)
    release = release_of(options)
    rows = parsed(release)
    qis = options.quasi_identifiers
    assert rows, "the cohort is large enough for something to be published"
    assert kanon.min_class_size(rows, qis) >= k
    assert release.report.records_in == len(cohort) + 15
    assert release.report.records_out == len(rows)
    assert release.report.records_suppressed == len(cohort) + 15 - len(rows)
    assert not [c for c in rows[0] if kanon.is_denied(c)]
    assert list(rows[0]) == list(options.columns)
    # The outliers are never published as they are.
    assert not [r for r in rows if r["CountryOfExploitation"] == "AU"]
    assert not [r for r in rows if r["vn_Province"] == "96"]
    assert not [r for r in rows if r["ageBroad"] == "48+"]
    for row in rows:
        assert row["Datasource"] == "Case Management"
        assert row["majorityStatus"] == ctdc.majority(row["ageBroad"])
        for flag in (*kanon.CTDC_FLAGS, *ctdc.MEANS_FIELDS, *ctdc.RELATION_FIELDS):
            assert row[flag] in ("0", "1", "-99")


def test_without_the_province(cohort):
    options = CaseExportOptions(year_from=YEAR, year_to=YEAR, k=11, with_province=False)
    rows = parsed(release_of(options))
    assert rows and "vn_Province" not in rows[0]
    assert kanon.min_class_size(rows, options.quasi_identifiers) >= 11


def test_too_few_people_publish_nothing(agency):
    for _ in range(4):
        make_case(agency)
    release = release_of(CaseExportOptions(year_from=YEAR, year_to=YEAR, k=5))
    assert release.rows == [] and release.report.records_suppressed == 4


# --- the job, end to end ------------------------------------------------------------------------------
def _start(client, user, capture, **data):
    client.force_login(user)
    body = {"year_from": YEAR, "year_to": YEAR, "k": 11, "with_province": "on", **data}
    with capture(execute=True):
        response = client.post(reverse("reports:export_cases"), body)
    return response


def test_a_supervisor_exports_their_agency_only(client, supervisor, cohort, django_capture_on_commit_callbacks):
    response = _start(client, supervisor, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_cases_job", args=[job.pk])
    assert job.status == JobStatus.DONE, job.error
    assert job.created_by == supervisor
    assert job.result["report"]["records_in"] == len(cohort)  # not the other agency's 15
    assert job.result["params"]["agencies"] == [str(supervisor.agency_id)]
    with translation.override("en"):
        page = client.get(reverse("reports:export_cases_job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="export-download"' in text and 'id="export-report"' in text
    # The download: a zip with the CSV, the README and the report; logged once, as an export.
    before = AccessEvent.objects.count()
    download = client.get(reverse("reports:export_cases_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == f'attachment; filename="safepath-ctdc-{YEAR}-k11.zip"'
    names, rows, _csv_text, readme, report = read_zip(download.content)
    assert set(names) == {ctdc.CSV_NAME, ctdc.README_NAME, ctdc.REPORT_NAME}
    assert kanon.min_class_size(rows, report["quasi_identifiers"]) >= 11
    assert not [c for c in rows[0] if kanon.is_denied(c)]
    assert "-99" in readme and str(report["records_suppressed"]) in readme
    assert report["records_out"] == len(rows) and report["k"] == 11
    events = list(AccessEvent.objects.filter(seq__gt=before))
    assert len(events) == 1
    event = events[0]
    assert event.action == "export" and event.object_type == "case" and event.object_ids == []
    assert event.actor == supervisor and event.purpose == "ctdc_export"
    assert event.detail["records"] == len(rows) and event.detail["k"] == 11
    assert event.detail["options"]["year_from"] == YEAR


def test_no_identifying_value_reaches_the_file(client, supervisor, cohort, django_capture_on_commit_callbacks):
    _start(client, supervisor, django_capture_on_commit_callbacks, k=5)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    content = client.get(reverse("reports:export_cases_download", args=[job.pk])).content
    _, rows, csv_text, readme, report = read_zip(content)
    everything = csv_text + readme + json.dumps(report, ensure_ascii=False)
    assert rows
    needles = ["Quách", "Xuyến", "Hoa Sữa", "Nhật Bản", "hộ chiếu", "0941990", "+8490", "358123987", "987654321"]
    needles += [named["name"] for named in NAMED]
    for case in cohort:
        needles += [case.number, str(case.pk), str(case.person_id), case.person.phone, case.person.id_number]
        needles += [case.opened_on.isoformat(), case.opened_on.strftime("%d/%m/%Y")]
    found = [n for n in needles if n in everything]
    assert not found, found
    assert "ciphertext" not in everything and "v1." not in csv_text


def test_only_the_user_who_started_it_may_download(
    client, supervisor, other_supervisor, sysadmin, analyst, cohort, django_capture_on_commit_callbacks
):
    _start(client, supervisor, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    for user in (other_supervisor, sysadmin, analyst):
        client.force_login(user)
        assert client.get(reverse("reports:export_cases_download", args=[job.pk])).status_code in (403, 404)
        assert client.get(reverse("reports:export_cases_job", args=[job.pk])).status_code in (403, 404)
    client.force_login(supervisor)
    assert client.get(reverse("reports:export_cases_download", args=["not-a-uuid"])).status_code == 404
    other_job = Job.objects.create(kind=JobKind.IMPORT_LICENCES, created_by=supervisor)
    assert client.get(reverse("reports:export_cases_job", args=[other_job.pk])).status_code == 404


def test_the_analyst_is_refused_the_case_level_export(client, analyst, cohort, django_capture_on_commit_callbacks):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_cases"), {"year_from": YEAR, "year_to": YEAR, "k": 11})
    assert response.status_code == 403
    assert client.get(reverse("reports:export_cases")).status_code == 403
    assert not Job.objects.filter(kind=JobKind.EXPORT_CASES).exists()
    page = client.get(reverse("reports:export_index"))
    assert page.status_code == 200
    assert 'id="hxl-form"' in page.content.decode() and 'id="cases-form"' not in page.content.decode()
    with pytest.raises(Exception) as refused:
        ctdc.case_export_start(actor=analyst, options=CaseExportOptions(year_from=YEAR, year_to=YEAR))
    assert type(refused.value).__name__ == "PermissionDenied"


def test_a_system_administrator_exports_every_agency(client, sysadmin, cohort, django_capture_on_commit_callbacks):
    _start(client, sysadmin, django_capture_on_commit_callbacks, k=5)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    assert job.status == JobStatus.DONE
    assert job.result["report"]["records_in"] == len(cohort) + 15 and job.result["report"]["scope"] == "all"


def test_bad_input_is_a_400_with_the_form(client, supervisor, django_capture_on_commit_callbacks):
    client.force_login(supervisor)
    for body in (
        {"year_from": YEAR, "year_to": YEAR - 2, "k": 11},
        {"year_from": "abc", "year_to": YEAR, "k": 11},
        {"year_from": YEAR, "year_to": YEAR, "k": 2},
        {"year_from": YEAR, "year_to": YEAR, "k": "\x00"},
        {},
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:export_cases"), body)
        assert response.status_code == 400, body
        assert 'id="cases-form"' in response.content.decode()
    assert not Job.objects.filter(kind=JobKind.EXPORT_CASES).exists()


def test_a_file_too_large_fails_with_a_clear_message(
    client, supervisor, cohort, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(ctdc, "MAX_ZIP_BYTES", 100)
    _start(client, supervisor, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    assert job.status == JobStatus.FAILED and job.error == "too_large"
    assert "zip_b64" not in job.result
    client.cookies["safepath_language"] = "en"
    page = client.get(reverse("reports:export_cases_job", args=[job.pk]))
    assert "Choose fewer years" in page.content.decode()
    assert client.get(reverse("reports:export_cases_download", args=[job.pk])).status_code == 404


def test_the_file_is_removed_after_a_day(client, supervisor, cohort, django_capture_on_commit_callbacks):
    _start(client, supervisor, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=JobKind.EXPORT_CASES)
    assert ctdc.case_export_cleanup() == 0
    assert client.get(reverse("reports:export_cases_download", args=[job.pk])).status_code == 200
    later = timezone.now() + dt.timedelta(hours=ctdc.KEEP_HOURS, minutes=1)
    assert ctdc.case_export_cleanup(now=later) == 1
    job.refresh_from_db()
    assert "zip_b64" not in job.result and job.result["report"]["k"] == 11  # the report stays
    assert client.get(reverse("reports:export_cases_download", args=[job.pk])).status_code == 404
    with translation.override("en"):
        page = client.get(reverse("reports:export_cases_job", args=[job.pk]))
    assert 'id="export-removed"' in page.content.decode()


def test_an_expired_file_is_refused_before_the_cleanup(supervisor, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = ctdc.case_export_start(actor=supervisor, options=CaseExportOptions(year_from=YEAR, year_to=YEAR))
    job.refresh_from_db()
    job.result = {**job.result, "expires_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat()}
    job.save(update_fields=["result"])
    with pytest.raises(Exception) as refused:
        ctdc.case_export_download(user=supervisor, job_id=job.pk)
    assert type(refused.value).__name__ == "Http404"


def test_the_progress_fragment_polls_until_done(client, supervisor, cohort):
    client.force_login(supervisor)
    job = ctdc.case_export_start(actor=supervisor, options=CaseExportOptions(year_from=YEAR, year_to=YEAR))
    # Not run yet (no on-commit callbacks executed): the fragment keeps polling.
    fragment = client.get(reverse("reports:export_cases_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and 'hx-trigger="every 1s"' in text and "export-download" not in text
