"""Referrals: consent first, only the shared fields reach the receiver, answers flow back, alerts once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safepath.cases.services import consent_withdraw
from safepath.notifications.alerts import sweep_all
from safepath.notifications.models import Notification
from safepath.referrals import services
from safepath.referrals.choices import ReferralStatus
from safepath.referrals.models import Referral
from tests.referrals.conftest import give_consent

SHARED = ["full_name", "sex", "age"]
pytestmark = pytest.mark.django_db


def _send(case, actor, provider, fields=SHARED, service_type="shelter"):
    return services.referral_create(
        actor=actor, case=case, provider=provider, service_type=service_type, fields=fields, note="Cần chỗ ở ngay."
    )


def test_without_consent_the_referral_is_refused_and_nothing_is_shared(
    case, caseworker, centre_provider, centre_worker
):
    with pytest.raises(services.ConsentMissing) as exc:
        _send(case, caseworker, centre_provider)
    assert "consent" in exc.value.message_dict
    assert Referral.objects.count() == 0
    assert Notification.objects.count() == 0


def test_consent_for_another_recipient_or_purpose_does_not_count(case, caseworker, centre_provider, agency):
    other = type(agency).objects.create(code="HUE-SS", name_vi="Huế", name_en="Hue", type="social_service")
    give_consent(caseworker, case, "referral", agency_=other)
    give_consent(caseworker, case, "transfer", agency_=centre_provider.agency)
    with pytest.raises(services.ConsentMissing):
        _send(case, caseworker, centre_provider)


def test_withdrawn_or_expired_consent_does_not_count(case, caseworker, centre_provider):
    consent = give_consent(caseworker, case, agency_=centre_provider.agency)
    consent_withdraw(actor=caseworker, consent=consent)
    with pytest.raises(services.ConsentMissing):
        _send(case, caseworker, centre_provider)


def test_the_receiver_sees_only_the_shared_fields(client, case, caseworker, centre_provider, centre_worker):
    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider)
    assert set(referral.shared) == set(SHARED)
    assert referral.to_agency_id == centre_provider.agency_id
    person = case.person
    client.force_login(centre_worker)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert person.full_name in page
    for secret in (person.phone, person.id_number, case.summary, case.number):
        assert secret and secret not in page
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert referral.reference in inbox and person.full_name in inbox
    api = client.get(reverse("api-referral", args=[referral.pk])).json()
    assert api["side"] == "receiver" and api["case"] is None
    assert [f["code"] for f in api["shared"]] == SHARED
    assert person.phone not in str(api) and case.summary not in str(api)
    pdf = client.get(reverse("referrals:pdf", args=[referral.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert person.given_name in text and referral.reference in text
    assert person.id_number not in text and case.number not in text
    # The receiver cannot open the sender's case, its person, or the case over the API.
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("api-case", args=[case.pk])).status_code == 404


def test_answers_flow_back_to_the_sender_with_mail_after_commit(
    case, caseworker, centre_provider, centre_worker, django_capture_on_commit_callbacks
):
    caseworker.email = "hn.canbo@example.org"
    caseworker.save()
    give_consent(caseworker, case, agency_=centre_provider.agency)
    with django_capture_on_commit_callbacks(execute=True):
        referral = _send(case, caseworker, centre_provider)
    assert Notification.objects.filter(recipient=centre_worker, kind="referral_received").exists()
    assert [m.to for m in mail.outbox] == [[centre_worker.email]]
    assert case.person.family_name not in mail.outbox[0].body  # no personal data leaves by e-mail
    with pytest.raises(PermissionDenied):  # the sender cannot answer for a SafePath receiver
        services.referral_answer(actor=caseworker, referral=referral, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_answer(actor=centre_worker, referral=referral, accept=True)
        services.referral_book(actor=centre_worker, referral=referral, booked_for=timezone.localdate())
        done = services.referral_deliver(
            actor=centre_worker, referral=referral, delivered_on=timezone.localdate(), outcome="completed"
        )
    assert done.status == ReferralStatus.DELIVERED and done.answered_by == centre_worker
    kinds = list(Notification.objects.filter(recipient=caseworker).values_list("kind", flat=True))
    assert sorted(kinds) == ["referral_accepted", "referral_booked", "referral_completed"]
    assert len(mail.outbox) == 4
    assert [e.status for e in done.events.all()] == ["sent", "accepted", "booked", "delivered"]


def test_a_decline_needs_a_reason(case, caseworker, centre_provider, centre_worker):
    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider)
    with pytest.raises(ValidationError):
        services.referral_answer(actor=centre_worker, referral=referral, accept=False)
    declined = services.referral_answer(actor=centre_worker, referral=referral, accept=False, reason="no_capacity")
    assert declined.status == "declined" and declined.closed_at is not None


def test_withdrawing_consent_empties_every_copy_and_stops_the_referral(
    client, case, caseworker, centre_provider, centre_worker
):
    consent = give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider)
    consent_withdraw(actor=caseworker, consent=consent)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENT_WITHDRAWN and referral.shared == {}
    client.force_login(centre_worker)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert case.person.full_name not in page and "nothing-shared" in page
    with pytest.raises(ValidationError):
        services.referral_answer(actor=centre_worker, referral=referral, accept=True)
    assert Notification.objects.filter(recipient=centre_worker, kind="referral_withdrawn").exists()


def test_an_outside_organisation_gets_a_printed_form_and_the_sender_records_its_answer(
    client, case, caseworker, outside_provider
):
    with pytest.raises(services.ConsentMissing):
        _send(case, caseworker, outside_provider, service_type="medical")
    # Consent names the organisation as written in the directory (accents and case aside).
    give_consent(caseworker, case, other="benh vien da khoa TINH lao cai")
    referral = _send(case, caseworker, outside_provider, fields=["full_name", "birth_date"], service_type="medical")
    assert referral.outside
    answered = services.referral_answer(actor=caseworker, referral=referral, accept=True)
    assert answered.events.last().on_behalf
    client.force_login(caseworker)
    pdf = client.get(reverse("referrals:pdf", args=[referral.pk]))
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert case.person.given_name in text and case.person.phone not in text


def test_overdue_referrals_alert_the_sender_once(case, caseworker, centre_provider):
    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider)
    later = referral.answer_by + dt.timedelta(days=1)
    assert sweep_all(today=referral.answer_by)["referrals"] == 0
    assert sweep_all(today=later)["referrals"] == 1
    assert sweep_all(today=later)["referrals"] == 0
    note = Notification.objects.get(kind="referral_overdue")
    assert note.recipient == caseworker and referral.reference in note.text


def test_the_referral_form_blocks_without_consent_and_links_to_recording_it(client, case, caseworker, centre_provider):
    client.force_login(caseworker)
    url = reverse("referrals:new", args=[case.pk])
    page = client.get(url, {"service_type": "shelter"}).content.decode()
    assert str(centre_provider.pk) in page
    response = client.post(
        url, {"service_type": "shelter", "provider": str(centre_provider.pk), "fields": SHARED, "note": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "record-consent" in body
    assert "consent_purpose=referral" in body and Referral.objects.count() == 0
    consent_page = client.get(
        reverse("cases:case_detail", args=[case.pk]),
        {"consent_purpose": "referral", "consent_agency": str(centre_provider.agency_id)},
    ).content.decode()
    assert "<details open>" in consent_page
    give_consent(caseworker, case, agency_=centre_provider.agency)
    response = client.post(
        url, {"service_type": "shelter", "provider": str(centre_provider.pk), "fields": SHARED, "note": "x"}
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.fields == SHARED


def test_others_cannot_read_a_referral(client, case, caseworker, centre_provider, centre_worker):
    from safepath.accounts.roles import Role
    from tests.factories import UserFactory

    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider)
    stranger = UserFactory(roles=[Role.CASEWORKER])
    analyst = UserFactory(agency=centre_worker.agency, roles=[Role.ANALYST])
    for user in (stranger, analyst):
        client.force_login(user)
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
        assert client.get(reverse("api-referral", args=[referral.pk])).status_code == 404


def test_the_receiver_opens_a_case_from_the_shared_fields(case, caseworker, centre_provider, centre_worker):
    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider, fields=["full_name", "sex", "age", "legal_status"])
    with pytest.raises(ValidationError):
        services.referral_open_case(actor=centre_worker, referral=referral, case_type="identified_victim")
    services.referral_answer(actor=centre_worker, referral=referral, accept=True)
    opened = services.referral_open_case(actor=centre_worker, referral=referral, case_type="identified_victim")
    assert opened.agency_id == centre_worker.agency_id and opened.person_id != case.person_id
    assert opened.person.full_name == case.person.full_name
    assert opened.person.phone == ""  # not shared, so not copied
    referral.refresh_from_db()
    assert referral.receiver_case_id == opened.pk


def test_shared_values_are_shown_in_words_not_codes():
    from safepath.referrals.sharing import rows

    shown = {r["code"]: r["value"] for r in rows(["sex", "languages"], {"sex": "female", "languages": ["vi", "hmn"]})}
    assert shown == {"sex": "Nữ", "languages": "Tiếng Việt, Tiếng Mông"}


def test_every_shareable_field_reaches_the_receiver_in_words(client, case, caseworker, centre_provider, centre_worker):
    from safepath.referrals.sharing import CODES

    give_consent(caseworker, case, agency_=centre_provider.agency)
    referral = _send(case, caseworker, centre_provider, fields=CODES)
    client.force_login(centre_worker)
    for lang, country in (("vi", "Nhật Bản"), ("en", "Japan")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        response = client.get(reverse("referrals:detail", args=[referral.pk]))
        assert response.status_code == 200
        assert country in response.content.decode()  # the destination country, by name in the page's language
    pdf = client.get(reverse("referrals:pdf", args=[referral.pk]))
    assert pdf.status_code == 200
    api = client.get(reverse("api-referral", args=[referral.pk])).json()
    assert [f["code"] for f in api["shared"]] == CODES
