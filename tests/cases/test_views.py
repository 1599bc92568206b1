from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.cases.models import Case, IntakeItem, Task
from safepath.cases.services import CaseInput, case_update
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def login(client, user):
    client.force_login(user)
    return client


def test_counsellor_logs_a_call_links_a_person_and_records_a_consultation(client, counsellor):
    login(client, counsellor)
    r = client.post(
        reverse("cases:intake_create"),
        {
            "channel": "phone",
            "urgency": "urgent",
            "body": "Chị gái bị giữ hộ chiếu ở Đài Loan",
            "contact_phone": "0912345678",
        },
    )
    item = IntakeItem.objects.get()
    assert r.status_code == 302 and r.url == reverse("cases:intake_detail", args=[item.pk])
    page = client.get(r.url).content.decode()
    assert "Chị gái bị giữ hộ chiếu" in page and "0912 345 678" in page
    person = register(counsellor, family_name="Trần", given_name="Mai")
    r = client.get(reverse("cases:intake_person", args=[item.pk]), {"q": "tran mai"})
    assert person.full_name in r.content.decode()
    client.post(reverse("cases:intake_person", args=[item.pk]), {"person": str(person.pk)})
    item.refresh_from_db()
    assert item.person == person
    r = client.post(
        reverse("cases:consultation_create"),
        {
            "intake": str(item.pk),
            "held_on": "20/11/2026",
            "channel": "phone",
            "duration_minutes": "30",
            "migration_stage": "abroad",
            "destination_country": "TW",
            "topics": ["rights_at_work", "documents"],
            "outcome": "case_opened",
            "then": "case",
        },
    )
    assert r.status_code == 302 and reverse("cases:case_create") in r.url
    r = client.post(
        r.url.split("?")[0] + "?" + r.url.split("?")[1],
        {
            "case_type": "distress_abroad",
            "channel": "phone",
            "migration_stage": "abroad",
            "legal_status": "not_assessed",
            "risk_level": "high",
            "destination_country": "TW",
        },
    )
    case = Case.objects.get()
    assert r.status_code == 302 and case.consultations.count() == 1
    assert case.number.startswith("HN-MRC-")
    item.refresh_from_db()
    assert item.status == "converted"


def test_refused_forms_keep_what_was_typed(client, counsellor):
    login(client, counsellor)
    r = client.post(reverse("cases:intake_create"), {"channel": "phone", "body": "Nội dung", "contact_phone": "12ab"})
    assert r.status_code == 400
    assert "Nội dung" in r.content.decode() and not IntakeItem.objects.exists()
    r = client.post(reverse("cases:consultation_create"), {"held_on": "31/02/2026", "channel": "phone", "topics": []})
    assert r.status_code == 400 and "dd/mm/yyyy" in r.content.decode()


def test_case_page_shows_everything_and_is_audited(client, case, caseworker):
    login(client, caseworker)
    r = client.get(reverse("cases:case_detail", args=[case.pk]))
    page = r.content.decode()
    assert r.status_code == 200
    for anchor in ('id="overview"', 'id="tasks"', 'id="notes"', 'id="consents"', 'id="files"', 'id="timeline"'):
        assert anchor in page
    assert case.person.full_name in page
    ev = AccessEvent.objects.filter(action="view", object_type="case").latest("seq")
    assert ev.object_ids == [str(case.pk)]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AGENCY_ADMIN, Role.OUTREACH_OFFICER])
def test_roles_without_case_access_are_refused(client, case, agency, role):
    login(client, UserFactory(agency=agency, roles=[role]))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:case_list")).status_code == 403
    assert client.get(reverse("cases:intake_list")).status_code == 403


def test_other_agency_gets_404(client, case):
    login(client, UserFactory(agency=AgencyFactory(), roles=[Role.SUPERVISOR]))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:note_add", args=[case.pk]), {"body": "x"}).status_code == 404


def test_edit_conflict_shows_both_versions_and_keeps_mine(client, case, caseworker, supervisor):
    login(client, caseworker)
    form = client.get(reverse("cases:case_edit", args=[case.pk])).context["form"]
    stale = case.version
    theirs = CaseInput.from_case(case)
    theirs.risk_level = "critical"
    case_update(actor=supervisor, case=case, data=theirs, expected_version=stale)
    data = {k: v for k, v in form.initial.items() if v not in (None, [], "")}
    data.update({"summary": "Bản tóm tắt của tôi", "version": stale, "highly_sensitive": ""})
    r = client.post(reverse("cases:case_edit", args=[case.pk]), data)
    page = r.content.decode()
    assert r.status_code == 409
    assert 'id="edit-conflict"' in page and "Bản tóm tắt của tôi" in page
    assert Case.objects.get(pk=case.pk).summary != "Bản tóm tắt của tôi"
    resubmit = r.context["form"].data.copy()
    r = client.post(reverse("cases:case_edit", args=[case.pk]), resubmit)
    assert r.status_code == 302
    saved = Case.objects.get(pk=case.pk)
    assert saved.summary == "Bản tóm tắt của tôi" and saved.risk_level == "medium"


def test_task_note_attachment_and_download_audited(client, case, caseworker):
    login(client, caseworker)
    client.post(
        reverse("cases:task_add", args=[case.pk]), {"title": "Gọi cho mẹ", "due_on": "01/01/2020", "kind": "call"}
    )
    client.post(reverse("cases:note_add", args=[case.pk]), {"body": "Đã gọi"})
    client.post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"file": SimpleUploadedFile("hợp đồng.pdf", PDF, content_type="application/pdf"), "kind": "contract"},
    )
    task = Task.objects.get()
    assert task.is_overdue
    att = case.attachments.get()
    r = client.get(reverse("cases:attachment_download", args=[att.pk]))
    assert r.status_code == 200 and r.content == PDF and "filename*=UTF-8''h%E1%BB%A3p" in r["Content-Disposition"]
    ev = AccessEvent.objects.filter(action="export", object_type="attachment").get()
    assert ObjectAccess.objects.filter(event=ev, object_type="case", object_id=str(case.pk)).exists()
    r = client.get(reverse("cases:task_list") + "?overdue=1")
    assert "Gọi cho mẹ" in r.content.decode()


def test_closure_request_and_approval_through_pages(client, case, caseworker, supervisor):
    login(client, caseworker)
    client.post(reverse("cases:case_close", args=[case.pk]), {"reason": "goals_met"})
    assert Case.objects.get(pk=case.pk).closure_pending
    home = client.get(reverse("web:home")).content.decode()
    assert case.number in home
    login(client, supervisor)
    home = client.get(reverse("web:home")).content.decode()
    assert 'id="closure-requests"' in home and case.number in home
    client.post(reverse("cases:case_closure_decision", args=[case.pk]), {"decision": "approve"})
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_case_search(client, case, caseworker):
    login(client, caseworker)
    r = client.get(reverse("cases:case_list"), {"q": case.number, "go": "1"})
    assert r.status_code == 302 and r.url == reverse("cases:case_detail", args=[case.pk])
    r = client.get(reverse("cases:case_list"), {"q": "NGUYEN huong"})
    assert case.number in r.content.decode()
    ev = AccessEvent.objects.filter(object_type="case", action="search").latest("seq")
    assert ev.object_ids == [str(case.pk)] and "NGUYEN" not in str(ev.detail).upper()
    r = client.get(reverse("cases:case_list"), {"q": "Lê Văn Tám"})
    assert case.number not in r.content.decode()
    r = client.get(reverse("cases:case_list"), {"status": "closed"})
    assert case.number not in r.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"opened_from": "99/99/9999"},
        {"caseworker": "abc"},
        {"province": "\x00"},
        {"page": "-3"},
        {"status": "nope"},
    ],
)
def test_bad_list_input_never_500(client, caseworker, params):
    login(client, caseworker)
    assert client.get(reverse("cases:case_list"), params).status_code == 200


@pytest.mark.parametrize(
    "name", ["cases:case_detail", "cases:intake_detail", "cases:consultation_detail", "cases:attachment_download"]
)
def test_bad_ids_are_404(client, caseworker, name):
    login(client, caseworker)
    assert client.get(reverse(name, args=["not-a-uuid"])).status_code == 404


def test_highly_sensitive_case_hidden_from_colleagues(client, case, caseworker, caseworker2):
    data = CaseInput.from_case(case)
    data.highly_sensitive = True
    case_update(actor=caseworker, case=case, data=data, expected_version=case.version)
    login(client, caseworker2)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("cases:case_list")).content.decode()


def test_person_of_another_agency_cannot_get_a_case(client, caseworker):
    other = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    foreign = register(other)
    login(client, caseworker)
    assert client.get(reverse("cases:case_create"), {"person": str(foreign.pk)}).status_code == 404


def test_person_page_lists_their_cases_and_offers_to_open_one(client, case, caseworker, agency):
    login(client, caseworker)
    page = client.get(reverse("people:detail", args=[case.person_id])).content.decode()
    assert 'id="person-cases"' in page and case.number in page and 'id="open-case"' in page
    shelter = UserFactory(agency=agency, roles=[Role.SHELTER_STAFF])
    login(client, shelter)
    page = client.get(reverse("people:detail", args=[case.person_id])).content.decode()
    assert case.number in page and 'id="open-case"' not in page


def test_registering_the_person_of_an_intake_item_checks_for_duplicates(client, counsellor, caseworker):
    from safepath.cases.services import IntakeInput, intake_log

    existing = register(caseworker)
    item = intake_log(
        actor=counsellor, data=IntakeInput(channel="phone", body="Gọi hỏi", contact_name="Nguyễn Thị Hương")
    )
    login(client, counsellor)
    form = client.get(reverse("cases:intake_register", args=[item.pk])).context["form"]
    assert form.initial["family_name"] == "Nguyễn" and form.initial["given_name"] == "Hương"
    data = {
        "family_name": "NGUYEN",
        "middle_name": "THI",
        "given_name": "HUONG",
        "sex": "female",
        "birth_date": "12/05/1998",
    }
    r = client.post(reverse("cases:intake_duplicates", args=[item.pk]), data)
    assert existing.full_name in r.content.decode() and f'value="{existing.pk}"' in r.content.decode()
    r = client.post(reverse("cases:intake_register", args=[item.pk]), data)
    assert r.status_code == 400 and 'id="duplicate-list"' in r.content.decode()  # nothing saved yet
    r = client.post(reverse("cases:intake_person", args=[item.pk]), {**data, "person": str(existing.pk)})
    item.refresh_from_db()
    assert item.person == existing
    other = intake_log(actor=counsellor, data=IntakeInput(channel="walk_in", body="Hỏi thủ tục"))
    r = client.post(reverse("cases:intake_register", args=[other.pk]), {**data, "not_a_duplicate": "on"})
    other.refresh_from_db()
    assert r.status_code == 302 and other.person is not None and other.person != existing


def test_queue_puts_emergencies_first(client, counsellor):
    from safepath.cases.services import IntakeInput, intake_log

    for urgency, body in (("normal", "Hỏi thủ tục"), ("emergency", "Đang bị giam giữ"), ("urgent", "Bị giữ hộ chiếu")):
        intake_log(actor=counsellor, data=IntakeInput(channel="phone", body=body, urgency=urgency))
    login(client, counsellor)
    items = list(client.get(reverse("cases:intake_list")).context["page"].object_list)
    assert [i.urgency for i in items] == ["emergency", "urgent", "normal"]


def test_live_search_on_a_full_case_number_stays_on_the_list(client, case, caseworker):
    login(client, caseworker)
    r = client.get(reverse("cases:case_list"), {"q": case.number, "go": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and case.number in r.content.decode()
    assert r.templates[0].name == "cases/_case_results.html"


def test_supervisor_home_does_not_query_per_worker(client, supervisor, agency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, supervisor)
    client.get(reverse("web:home"))  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:home"))
    for _ in range(6):
        UserFactory(agency=agency, roles=[Role.CASEWORKER])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("web:home")).content.decode()
    assert page.count('id="caseload"') == 1
    assert len(many) == len(few)
