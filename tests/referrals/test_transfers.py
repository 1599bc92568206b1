"""Transfers: consent and the receiving supervisor's acceptance; the former team keeps the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.cases.services import consent_withdraw, note_add
from safepath.referrals import services
from safepath.referrals.choices import TransferStatus
from tests.factories import UserFactory
from tests.referrals.conftest import give_consent

pytestmark = pytest.mark.django_db


def test_a_transfer_without_consent_is_refused(case, caseworker, centre):
    give_consent(caseworker, case, "referral", agency_=centre)  # consent to a referral is not consent to a transfer
    with pytest.raises(services.ConsentMissing):
        services.transfer_start(actor=caseworker, case=case, to_agency=centre)
    assert not case.transfers.exists()


def test_the_case_moves_when_the_receiving_supervisor_accepts(
    client, case, caseworker, supervisor, centre, centre_worker, centre_supervisor
):
    give_consent(caseworker, case, "transfer", agency_=centre)
    before = note_add(actor=caseworker, case=case, body="Ghi chú trước khi chuyển.")
    transfer = services.transfer_start(actor=caseworker, case=case, to_agency=centre, note="Về quê.")
    with pytest.raises(ValidationError):  # one pending transfer at a time
        services.transfer_start(actor=caseworker, case=case, to_agency=centre)
    # Before acceptance the receiver sees the shared fields, not the case.
    client.force_login(centre_supervisor)
    page = client.get(reverse("referrals:transfer", args=[transfer.pk])).content.decode()
    assert case.person.full_name in page and case.summary not in page
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    with pytest.raises(PermissionDenied):  # a caseworker does not accept a case for the agency
        services.transfer_answer(actor=centre_worker, transfer=transfer, accept=True)
    done = services.transfer_answer(
        actor=centre_supervisor, transfer=transfer, accept=True, caseworker_id=centre_worker.pk
    )
    assert done.status == TransferStatus.ACCEPTED
    case.refresh_from_db()
    assert (case.agency_id, case.caseworker_id, case.supervisor_id) == (
        centre.pk,
        centre_worker.pk,
        centre_supervisor.pk,
    )
    # The receiving agency now works the case and reads its person.
    client.force_login(centre_worker)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[case.person_id])).status_code == 200
    after = note_add(actor=centre_worker, case=case, body="Ghi chú của trung tâm mới.")
    # The former caseworker reads the history up to the transfer, and nothing after it, read-only.
    client.force_login(caseworker)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "history-only" in page and before.body in page and after.body not in page
    assert 'id="add-note"' not in page
    with pytest.raises(PermissionDenied):
        note_add(actor=caseworker, case=case, body="x")
    # A colleague of the former agency who never worked on it sees nothing.
    client.force_login(UserFactory(agency=caseworker.agency, roles=[Role.CASEWORKER]))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_a_declined_transfer_leaves_the_case_where_it_was(case, caseworker, centre, centre_supervisor):
    give_consent(caseworker, case, "transfer", agency_=centre)
    transfer = services.transfer_start(actor=caseworker, case=case, to_agency=centre)
    with pytest.raises(ValidationError):
        services.transfer_answer(actor=centre_supervisor, transfer=transfer, accept=False)
    services.transfer_answer(actor=centre_supervisor, transfer=transfer, accept=False, reason="no_capacity")
    case.refresh_from_db()
    assert case.agency_id == caseworker.agency_id


def test_withdrawing_consent_stops_a_pending_transfer(case, caseworker, centre, centre_supervisor):
    consent = give_consent(caseworker, case, "transfer", agency_=centre)
    transfer = services.transfer_start(actor=caseworker, case=case, to_agency=centre)
    consent_withdraw(actor=caseworker, consent=consent)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CONSENT_WITHDRAWN and transfer.shared == {}
    with pytest.raises(ValidationError):
        services.transfer_answer(actor=centre_supervisor, transfer=transfer, accept=True)


def test_transfers_over_the_api(client, case, caseworker, centre, centre_supervisor):
    client.force_login(caseworker)
    url = reverse("api-case-transfers", args=[case.pk])
    refused = client.post(url, {"to_agency": str(centre.pk)}, content_type="application/json")
    assert refused.status_code == 400 and "consent" in refused.json()
    give_consent(caseworker, case, "transfer", agency_=centre)
    made = client.post(url, {"to_agency": str(centre.pk)}, content_type="application/json")
    assert made.status_code == 201
    client.force_login(centre_supervisor)
    answer = client.post(
        reverse("api-transfer-answer", args=[made.json()["id"]]), {"accept": True}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
