from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.cases import workflow
from safepath.cases.choices import IntakeStatus, TaskStatus
from safepath.cases.errors import EditConflict
from safepath.cases.models import Attachment, Case, CaseEvent, IntakeItem
from safepath.cases.services import (
    CaseInput,
    ConsentInput,
    ConsultationInput,
    IntakeInput,
    attachment_add,
    case_assign,
    case_decide_closure,
    case_open,
    case_reopen,
    case_request_closure,
    case_transition,
    case_update,
    consent_record,
    consent_withdraw,
    consultation_record,
    intake_close,
    intake_log,
    intake_reopen,
    note_add,
    sniff_content_type,
    task_add,
    task_set_status,
)
from tests.cases.conftest import case_input
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_case_numbers_are_per_agency_and_year(caseworker, person):
    year = dt.date.today().year
    a = case_open(actor=caseworker, person=person, data=case_input())
    b = case_open(actor=caseworker, person=person, data=case_input())
    old = case_open(actor=caseworker, person=person, data=case_input(opened_on=dt.date(year - 1, 12, 31)))
    assert a.number == f"HN-MRC-{year}-000001"
    assert b.number == f"HN-MRC-{year}-000002"
    assert old.number == f"HN-MRC-{year - 1}-000001"
    other = UserFactory(agency=AgencyFactory(code="TH-MRC"), roles=[Role.CASEWORKER])
    c = case_open(actor=other, person=register(other), data=case_input())
    assert c.number == f"TH-MRC-{year}-000001"


def test_opening_validates_every_code(caseworker, person):
    with pytest.raises(ValidationError) as exc:
        case_open(
            actor=caseworker,
            person=person,
            data=case_input(
                case_type="nope", exploitation_types=["ForcedLabour", "Bogus"], destination_country_id="XX"
            ),
        )
    assert set(exc.value.message_dict) == {"case_type", "exploitation_types", "destination_country"}
    assert not Case.objects.exists()


def test_opening_needs_a_person_the_user_may_see(caseworker):
    stranger = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    foreign_person = register(stranger)
    with pytest.raises(PermissionDenied):
        case_open(actor=caseworker, person=foreign_person, data=case_input())


def test_analyst_and_admin_cannot_open_cases(agency, person):
    for role in (Role.ANALYST, Role.AGENCY_ADMIN, Role.OUTREACH_OFFICER):
        user = UserFactory(agency=agency, roles=[role])
        with pytest.raises(PermissionDenied):
            case_open(actor=user, person=person, data=case_input())


def test_workflow_table():
    assert workflow.allowed_next("new") == ("screening", "assessment", "planning", "active", "follow_up", "closed")
    assert workflow.allowed_next("assessment") == ("screening", "planning", "active", "follow_up", "closed")
    assert workflow.allowed_next("closed") == ()


def test_transitions_are_checked_and_recorded(case, caseworker):
    case = case_transition(actor=caseworker, case=case, to_status="assessment", note="Bắt đầu đánh giá")
    assert case.status == "assessment"
    with pytest.raises(ValidationError):
        case_transition(actor=caseworker, case=case, to_status="new")  # two steps back
    with pytest.raises(ValidationError):
        case_transition(actor=caseworker, case=case, to_status="closed")  # closing needs a reason
    ev = CaseEvent.objects.filter(case=case, kind="status").get()
    assert (ev.from_status, ev.to_status, ev.note) == ("new", "assessment", "Bắt đầu đánh giá")
    assert AccessEvent.objects.filter(object_type="case", detail__transition=["new", "assessment"]).exists()


def test_closure_needs_supervisor_approval(case, caseworker, supervisor):
    task = task_add(actor=caseworker, case=case, title="Gọi lại", due_on="01/01/2030")
    case = case_request_closure(actor=caseworker, case=case, reason="goals_met", note="Đã ổn định")
    assert case.status != "closed" and case.closure_pending
    with pytest.raises(PermissionDenied):
        case_decide_closure(actor=caseworker, case=case, approve=True)
    with pytest.raises(ValidationError):
        case_decide_closure(actor=supervisor, case=case, approve=False)  # sending back needs a note
    case = case_decide_closure(actor=supervisor, case=case, approve=True)
    assert case.status == "closed" and case.closure_reason == "goals_met" and case.closed_on
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    with pytest.raises(PermissionDenied):
        note_add(actor=caseworker, case=case, body="after closing")
    with pytest.raises(PermissionDenied):
        case_reopen(actor=caseworker, case=case, note="x")
    case = case_reopen(actor=supervisor, case=case, note="Tái phát nợ")
    assert case.status == "active"
    kinds = list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("kind", flat=True))
    assert kinds[-3:] == ["closure_requested", "closure_approved", "reopened"]


def test_closure_sent_back(case, caseworker, supervisor):
    case = case_request_closure(actor=caseworker, case=case, reason="lost_contact")
    case = case_decide_closure(actor=supervisor, case=case, approve=False, note="Thử thêm một lần gọi")
    assert not case.closure_pending and case.status == "new"


def test_closure_without_approval_when_agency_says_so(case, caseworker, agency):
    agency.closure_needs_approval = False
    agency.save()
    case.refresh_from_db()
    case = case_request_closure(actor=caseworker, case=case, reason="other", note="Chuyển vùng")
    assert case.status == "closed"
    with pytest.raises(PermissionDenied):  # a closed case is read-only until a supervisor reopens it
        case_request_closure(actor=caseworker, case=Case.objects.get(pk=case.pk), reason="goals_met")


def test_assignment_only_by_supervisor_and_only_agency_staff(case, caseworker, caseworker2, supervisor):
    with pytest.raises(PermissionDenied):
        case_assign(actor=caseworker, case=case, caseworker_id=caseworker2.pk, supervisor_id=supervisor.pk)
    outsider = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    with pytest.raises(ValidationError):
        case_assign(actor=supervisor, case=case, caseworker_id=outsider.pk, supervisor_id=supervisor.pk)
    case = case_assign(actor=supervisor, case=case, caseworker_id=caseworker2.pk, supervisor_id=supervisor.pk)
    assert case.caseworker == caseworker2
    ev = CaseEvent.objects.filter(case=case, kind="assigned").latest("at")
    assert ev.detail["after"]["caseworker"] == caseworker2.pk


def test_highly_sensitive_case_is_closed_to_the_rest_of_the_agency(case, caseworker, caseworker2, supervisor, agency):
    other_supervisor = UserFactory(agency=agency, roles=[Role.SUPERVISOR])
    assert caseworker2.has_perm("cases.view_case", case)
    data = CaseInput.from_case(case)
    data.highly_sensitive = True
    case = case_update(actor=caseworker, case=case, data=data, expected_version=case.version)
    for user in (caseworker2, other_supervisor):
        user.forget_roles()
        assert not user.has_perm("cases.view_case", case)
        assert (
            not Case.objects.filter(pk=case.pk)
            .filter(__import__("safepath.core.policy", fromlist=["x"]).case_scope(user))
            .exists()
        )
    assert caseworker.has_perm("cases.view_case", case) and supervisor.has_perm("cases.view_case", case)


def test_second_save_from_an_old_version_conflicts(case, caseworker, supervisor):
    mine = CaseInput.from_case(case)
    theirs = CaseInput.from_case(case)
    version = case.version
    theirs.risk_level = "high"
    case_update(actor=supervisor, case=case, data=theirs, expected_version=version)
    mine.summary = "Tóm tắt mới"
    with pytest.raises(EditConflict) as exc:
        case_update(actor=caseworker, case=case, data=mine, expected_version=version)
    assert set(exc.value.changed_fields) == {"summary", "risk_level"}
    assert exc.value.current.risk_level == "high"
    assert exc.value.attempted["summary"] == "Tóm tắt mới"
    stored = Case.objects.get(pk=case.pk)
    assert stored.risk_level == "high" and stored.summary != "Tóm tắt mới"
    # Re-applying on top of the current version (the user chose to keep their text) works.
    mine.risk_level = "high"
    case_update(actor=caseworker, case=stored, data=mine, expected_version=stored.version)
    assert Case.objects.get(pk=case.pk).summary == "Tóm tắt mới"


def test_save_with_nothing_changed_is_a_no_op(case, caseworker):
    before = case.version
    same = case_update(actor=caseworker, case=case, data=CaseInput.from_case(case), expected_version=before - 5)
    assert same.version == before


def test_intake_to_consultation_and_case(counsellor, caseworker, agency):
    item = intake_log(
        actor=counsellor,
        data=IntakeInput(channel="phone", body="Con gái tôi bị giữ ở Campuchia", contact_phone="0987 654 321"),
    )
    assert item.status == IntakeStatus.NEW and item.contact_phone == "+84987654321"
    person = register(counsellor, given_name="Lan")
    c = consultation_record(
        actor=counsellor,
        data=ConsultationInput(
            channel="phone",
            migration_stage="abroad",
            topics=["trafficking", "return"],
            outcome="case_opened",
            duration_minutes=25,
            destination_country_id="KH",
        ),
        person=person,
        intake=item,
    )
    item.refresh_from_db()
    assert item.status == IntakeStatus.CONVERTED and item.person == person
    assert c.sex == "female" and c.age_band == "25-34"
    case = case_open(
        actor=caseworker, person=person, data=case_input(case_type="suspected_trafficking"), consultation=c
    )
    c.refresh_from_db()
    assert c.case == case


def test_anonymous_consultation_and_validation(counsellor):
    c = consultation_record(
        actor=counsellor,
        data=ConsultationInput(
            channel="online",
            migration_stage="potential",
            topics=["fees_debts"],
            outcome="information_given",
            sex="male",
            age_band="18-24",
        ),
    )
    assert c.person is None and c.sex == "male"
    with pytest.raises(ValidationError) as exc:
        consultation_record(
            actor=counsellor,
            data=ConsultationInput(
                channel="fax", migration_stage="", topics=[], outcome="x", duration_minutes="abc", held_on="31/02/2026"
            ),
        )
    assert {"channel", "migration_stage", "topics", "outcome", "duration_minutes", "held_on"} <= set(
        exc.value.message_dict
    )


def test_intake_close_and_undo(counsellor):
    item = intake_log(actor=counsellor, data=IntakeInput(channel="walk_in", body="Hỏi về thủ tục"))
    intake_close(actor=counsellor, item=item, reason="no_action")
    assert IntakeItem.objects.get(pk=item.pk).status == "closed"
    intake_reopen(actor=counsellor, item=item)
    assert IntakeItem.objects.get(pk=item.pk).status == "new"


def test_tasks(case, caseworker, caseworker2):
    t = task_add(
        actor=caseworker, case=case, title="Thăm nhà", due_on="2020-01-01", assigned_to_id=caseworker2.pk, kind="visit"
    )
    assert t.is_overdue and t.assigned_to == caseworker2
    task_set_status(actor=caseworker2, task=t, status="done")
    assert t.status == "done" and t.completed_by == caseworker2 and not t.is_overdue
    with pytest.raises(ValidationError):
        task_add(actor=caseworker, case=case, title="", due_on="hôm qua")


def test_consent_record_and_withdraw(case, caseworker, person):
    with pytest.raises(ValidationError) as exc:
        consent_record(
            actor=caseworker,
            person=person,
            case=case,
            data=ConsentInput(purpose="referral", method="verbal", given_on="01/06/2026"),
        )
    assert "recipient_agency" in exc.value.message_dict
    consent = consent_record(
        actor=caseworker,
        person=person,
        case=case,
        data=ConsentInput(purpose="referral", method="written", given_on="01/06/2026", recipient_other="Hội LHPN tỉnh"),
    )
    assert consent.is_active_on(dt.date(2026, 7, 1))
    consent_withdraw(actor=caseworker, consent=consent, withdrawn_on="02/07/2026", note="Gọi điện rút lại")
    assert not consent.is_active_on(dt.date(2026, 7, 3))
    with pytest.raises(ValidationError):
        consent_withdraw(actor=caseworker, consent=consent)


def test_attachments_are_sniffed_limited_and_encrypted(case, caseworker, settings):
    att = attachment_add(actor=caseworker, case=case, filename="hop-dong.pdf", content=PDF, kind="contract")
    assert att.content_type == "application/pdf" and att.size == len(PDF)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT content, filename FROM cases_attachment WHERE id = %s",
            [att.pk.hex if connection.vendor == "sqlite" else att.pk],
        )
        raw_content, raw_name = cur.fetchone()
    assert "PDF" not in raw_content and "hop-dong" not in raw_name
    assert Attachment.objects.get(pk=att.pk).content == PDF
    with pytest.raises(ValidationError):
        attachment_add(actor=caseworker, case=case, filename="virus.exe", content=b"MZ\x90\x00" * 10)
    with pytest.raises(ValidationError):
        attachment_add(actor=caseworker, case=case, filename="anh.pdf", content=b"\x89PNG\r\n\x1a\n....")
    settings.SAFEPATH_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        attachment_add(actor=caseworker, case=case, filename="hop-dong.pdf", content=PDF)


def test_sniffing():
    assert sniff_content_type("a.txt", "Xin chào".encode()) == "text/plain"
    assert sniff_content_type("a.jpg", b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff_content_type("a.docx", b"PK\x03\x04rest").endswith("wordprocessingml.document")
    assert sniff_content_type("a.html", b"<html>") is None


def test_notes_are_encrypted(case, caseworker):
    note = note_add(actor=caseworker, case=case, body="Chị Hương kể bị đánh.\n\nCần hỗ trợ y tế.")
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM cases_note")
        (raw,) = cur.fetchone()
    assert raw.startswith("v1.") and "Hương" not in raw
    assert note.body == "Chị Hương kể bị đánh.\n\nCần hỗ trợ y tế."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_openings_never_share_a_number(agency):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrent transactions")
    worker = UserFactory(agency=agency, roles=[Role.CASEWORKER])
    person = register(worker)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            numbers.append(case_open(actor=worker, person=person, data=case_input()).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(numbers)) == 8


def test_case_view_is_audited_with_its_person(case, caseworker):
    from safepath.cases.selectors import access_case_by_id

    access_case_by_id(user=caseworker, case_id=case.pk)
    ev = AccessEvent.objects.filter(action="view", object_type="case").latest("seq")
    touched = set(ObjectAccess.objects.filter(event=ev).values_list("object_type", "object_id"))
    assert touched == {("case", str(case.pk)), ("person", str(case.person_id))}
