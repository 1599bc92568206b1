"""A programme analyst sees aggregates only: every person-level page and API endpoint refuses them.

SafePath issue 7 (points 4 and 7). The module walks every URL pattern of the project (through every
include), fills in the path arguments with the ids of real records (one data set for the module: a
person with a case, intake item, consultation, note, task, consents, an attachment, a screening, a care
plan, a referral and a transfer to another agency, a shelter stay with an extension, a reintegration plan
with a visit, a self-help group, an outreach training with a named trainee, a portal profile, a licence
list, a job, notifications...) and requests each URL as an analyst of the agency that holds them:

* a URL in ALLOWED (aggregate or neutral pages, each with its reason) must not fail (no 5xx), and when
  it answers 200 the page must not show the person's name, phone, ID number, e-mail or address, nor
  the trainee's name or phone;
* every other URL must refuse the analyst: 403 or 404 to GET and to POST (and to PATCH, PUT or DELETE
  when a 405 names them), 405 for a method the view does not take but never to every method tried,
  never a redirect to the login page (they are signed in: Django's admin excepted, see
  _admin_refusal), and the refusal itself must not show the person's data;
* the REST API the same way, with an API token: list endpoints included. No list answers 200 with an
  empty page; each is refused (see test_api_refuses_the_analyst).

A URL that is neither allowed nor refused fails with its name and what it answered, so a new
person-level page cannot slip in unnoticed; so does a URL whose path arguments this module cannot fill.
The analyst of the agency that receives the referral and the transfer is checked on those URLs too.
Controls: staff with every other role are let in on the same paths (the ids and actions are real, a
404 is a refusal and not a typo), and the needles are what the person's own pages show.
A hole (person-level data an analyst reaches) goes into HOLES: a strict xfail naming what leaks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from http.cookies import SimpleCookie
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.accounts.roles import AgencyType, Role
from safepath.core.context import RequestContext, reset_context, set_context
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register
from tests.portal.conftest import JAPAN_TEXT

pytestmark = pytest.mark.django_db

# --- the person (and the trainees) whose data must never reach the analyst ---------------------------
PERSON = {
    "family_name": "Quách",
    "middle_name": "Thị",
    "given_name": "Ngọc Xuyến",
    "aliases": ["Chị Xuyến Lào Cai"],
    "sex": "female",
    "birth_date": "17/03/1999",
    "phone": "0358 123 987",
    "email": "ngoc.xuyen@example.vn",
    "id_number": "094199012345",
    "address": "Số nhà 4 ngõ Hoa Sữa Xanh",
}
TRAINEE = {"name": "Sùng Thị Mỷ Xuân", "contact": "0987 654 321"}
NEEDLES = [
    "Quách Thị Ngọc Xuyến",
    "Ngọc Xuyến",
    "Chị Xuyến Lào Cai",
    "358 123 987",  # 0358 123 987 as typed and shown
    "358123987",  # 0358123987, +84358123987
    "094199012345",
    "ngoc.xuyen@example.vn",
    "ngõ Hoa Sữa Xanh",
    "Sùng Thị Mỷ Xuân",
    "987 654 321",
    "987654321",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED = (403, 404)

# --- what an analyst may open ------------------------------------------------------------------------
# Exact URL names (namespaced as Django reverses them), then whole namespaces.
ALLOWED: dict[str, str] = {
    # Infrastructure and the signed-in user's own account.
    "healthz": "liveness probe, answers 'ok'",
    "set_language": "switches the interface language of the user's own session",
    "web:home": "the analyst's home page: the menu and their own tasks, no person",
    "account_login": "signing in (an already signed-in user is sent home)",
    "account_logout": "signing out of their own session",
    "account_inactive": "the 'account inactive' notice, about the user themself",
    "account_reauthenticate": "confirming their own password before a sensitive account change",
    "account_change_password": "changing their own password",
    "mfa_index": "their own two-factor settings",
    "mfa_authenticate": "their own second-factor sign-in step",
    "mfa_reauthenticate": "their own second-factor re-authentication",
    "mfa_activate_totp": "setting up their own authenticator app",
    "mfa_deactivate_totp": "removing their own authenticator app",
    "mfa_view_recovery_codes": "their own recovery codes",
    "mfa_generate_recovery_codes": "new recovery codes for themself",
    "mfa_download_recovery_codes": "their own recovery codes as a file",
    "admin:logout": "Django admin's sign-out (a user who is not is_staff is sent to the admin index, refused)",
    "admin:login": "Django admin's sign-in form; a user who is not is_staff gets no further (_admin_refusal)",
    # Notifications addressed to the user (another user's notification is refused: notifications:open).
    "notifications:list": "the analyst's own notifications",
    "notifications:read_all": "marks the analyst's own notifications read",
    "api-notifications": "the analyst's own notifications",
    "api-notifications-read": "marks the analyst's own notifications read",
    # Help and reference data, the same for every member of staff.
    "places:ward_options": "the wards of a province (reference data for forms)",
    "reintegration:indicators": "the reintegration indicator set (questions and weights), no answers",
    "api-reintegration-indicators": "the reintegration indicator set (questions and weights), no answers",
    # The directory of services: organisations, not persons.
    "directory:list": "the directory of service providers (organisations)",
    "directory:detail": "one service provider (an organisation and its services)",
    "directory:network": "the agency's partner organisations and their official focal points, no migrant",
    "api-directory-providers": "the directory of service providers (organisations)",
    "api-directory-provider": "one service provider (an organisation and its services)",
    # The list of licensed recruitment enterprises: public information (the portal checks it without login).
    "recruiters:enterprise_list": "the public list of licensed recruitment enterprises",
    "api-recruiters-enterprises": "the public list of licensed recruitment enterprises",
    "api-recruiters-check": "the public licence check of an enterprise name or licence number",
    # Aggregates.
    "outreach:figures": "outreach figures: counts by sex, age group, province and kind, never names",
    "portal:visits": "portal visit statistics: page views per day and language",
    "feedback:summary": "feedback averages with small-cell suppression (comments only for supervisors)",
    "api-feedback-summary": "feedback averages with small-cell suppression (comments only for supervisors)",
    # The public pages, open without login to anyone (migrants and families on their phones).
    "portal:root": "the public portal (redirects to its Vietnamese home page)",
    "portal:home": "the public portal",
    "portal:countries": "the public portal: destination countries",
    "portal:country": "the public portal: one country profile",
    "portal:warning": "the public portal: one warning",
    "portal:checklist": "the public portal: the pre-departure checklist",
    "portal:recruiter_check": "the public portal: licensed-recruiter check",
    "portal:fee_check": "the public portal: fee check",
    "portal:offer_check": "the public portal: job-offer check",
    "portal:help": "the public portal: the help-request form (sends, shows nothing stored)",
    "portal:not_found": "the public portal's own 404 page",
    "feedback:public_start": "the public feedback form's code entry (the person's own phone, no login)",
    "feedback:public": "the public feedback form for a one-time code (asks questions, shows no person)",
    "feedback:public_thanks": "the public feedback form's thank-you page",
    # The API's own description and sign-in.
    "api-token": "exchanging the user's own username and password for an API token",
    "api-schema": "the OpenAPI description of the API (no data)",
    "api-docs": "the Swagger UI page for the API description (no data)",
}
ALLOWED_NAMESPACES: dict[str, str] = {
    "reports": "aggregate reports (issue 7): figures with small-cell suppression, never a person",
}
ALLOWED_API_PREFIXES: dict[str, str] = {
    "api-reports-": "the reports app's API (issue 7): indicators and published aggregate figures",
}

# Unnamed patterns (no `name=`): the path to request for each, by its route.
UNNAMED_PATHS: dict[str, str] = {
    "accounts/signup/": "/accounts/signup/",
    "accounts/email/": "/accounts/email/",
    "accounts/password/set/": "/accounts/password/set/",
    "accounts/login/code/confirm/": "/accounts/login/code/confirm/",
    "^accounts/(password/reset|confirm-email)/": "/accounts/password/reset/",
    "django-admin/(?P<url>.*)$": "/django-admin/people/person/",
}
UNNAMED_ADMIN_OBJECT = re.compile(r"^django-admin/[a-z_]+/[a-z_]+/<path:object_id>/$")

QUERY = {"api-recruiters-check": "?name=Sao Mai"}  # the query string a page needs to answer at all
NO_POST = frozenset({"account_logout"})  # posting would end the session the test runs in


# --- the URL patterns ------------------------------------------------------------------------------
def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), route, entry
            else:
                yield route, route, entry


def _collect() -> dict[str, dict[str, Any]]:
    """{key: {"route": ..., "kwargs": [...], "named": bool}}; a name reversed to another path is kept once."""
    found: dict[str, dict[str, Any]] = {}
    for key, route, entry in _walk(get_resolver()):
        if key in found:  # the same name under two routes (reverse gives the last one): one check
            continue
        regex = entry.pattern.regex
        converters = {k: type(c).__name__ for k, c in getattr(entry.pattern, "converters", {}).items()}
        found[key] = {
            "route": route,
            "kwargs": sorted(regex.groupindex),
            "converters": converters,
            "named": bool(entry.name),
        }
    return found


URLS = _collect()
API_KEYS = sorted(k for k, u in URLS.items() if u["route"].startswith("api/"))
WEB_KEYS = sorted(k for k in URLS if k not in API_KEYS)


def _is_allowed(key: str) -> bool:
    return (
        key in ALLOWED
        or (":" in key and key.split(":", 1)[0] in ALLOWED_NAMESPACES)
        or key.startswith(tuple(ALLOWED_API_PREFIXES))
    )


# --- the records -----------------------------------------------------------------------------------
def _build() -> SimpleNamespace:
    from safepath.cases import services as cases
    from safepath.cases.services import CaseInput, ConsentInput, ConsultationInput, IntakeInput
    from safepath.core.models import Job
    from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider, StakeholderContact
    from safepath.directory.services import provider_for_agency
    from safepath.feedback import services as feedback
    from safepath.notifications.models import Notification
    from safepath.notifications.services import notify
    from safepath.outreach import services as outreach
    from safepath.places.models import Province
    from safepath.plans import services as plans
    from safepath.portal import services as portal
    from safepath.recruiters import services as recruiters
    from safepath.referrals import services as referrals
    from safepath.reintegration import services as reintegration
    from safepath.screening import services as screening
    from safepath.shelters import services as shelters

    w = SimpleNamespace()
    today = timezone.localdate()
    w.agency = AgencyFactory(code="HN-MRC", province=Province.objects.get(pk="01"))
    w.caseworker = UserFactory(agency=w.agency, roles=[Role.CASEWORKER], username="canbo")
    w.supervisor = UserFactory(agency=w.agency, roles=[Role.SUPERVISOR], username="giamsat")
    w.officer = UserFactory(agency=w.agency, roles=[Role.OUTREACH_OFFICER], username="truyenthong")
    w.admin = UserFactory(agency=w.agency, roles=[Role.AGENCY_ADMIN], username="quantri")
    # The analyst works in the very agency that holds the records: the agency checks do not stop them.
    w.analyst = UserFactory(agency=w.agency, roles=[Role.ANALYST], username="phantich")
    w.centre = AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, name_vi="Trung tâm Tiếp nhận Lào Cai")
    w.centre_worker = UserFactory(agency=w.centre, roles=[Role.CASEWORKER], username="lc.canbo")
    w.centre_supervisor = UserFactory(agency=w.centre, roles=[Role.SUPERVISOR], username="lc.giamsat")
    w.centre_analyst = UserFactory(agency=w.centre, roles=[Role.ANALYST], username="lc.phantich")
    # The control: a member of staff of the agency with every role but the analyst's.
    w.control = UserFactory(agency=w.agency, roles=[r for r in Role if r != Role.ANALYST], username="moivaitro")

    # The person, their case and its records.
    w.person = register(w.caseworker, **PERSON)
    case = cases.case_open(
        actor=w.caseworker,
        person=w.person,
        data=CaseInput(
            case_type="returned",
            channel="phone",
            migration_stage="returned",
            destination_country_id="JP",
            summary="Về nước sau khi bị giữ hộ chiếu ở Nhật Bản.",
        ),
    )
    w.case = cases.case_assign(
        actor=w.supervisor, case=case, caseworker_id=w.caseworker.pk, supervisor_id=w.supervisor.pk
    )
    w.case.opened_on = dt.date(2025, 12, 1)  # before the reintegration plan starts
    w.case.save(update_fields=["opened_on"])
    w.intake = cases.intake_log(
        actor=w.caseworker,
        data=IntakeInput(
            channel="phone",
            body="Chị gọi hỏi về hộ chiếu bị giữ.",
            contact_name="Quách Thị Ngọc Xuyến",
            contact_phone=PERSON["phone"],
        ),
    )
    cases.intake_link_person(actor=w.caseworker, item=w.intake, person=w.person)
    w.consultation = cases.consultation_record(
        actor=w.caseworker,
        person=w.person,
        data=ConsultationInput(
            held_on=today,
            channel="phone",
            duration_minutes=30,
            migration_stage="returned",
            destination_country_id="JP",
            topics=["documents"],
            outcome="case_opened",
            summary="Tư vấn về giấy tờ.",
        ),
    )
    w.note = cases.note_add(actor=w.caseworker, case=w.case, body="Chị Xuyến đã về đến nhà.")
    w.task = cases.task_add(
        actor=w.caseworker, case=w.case, title="Gọi lại cho chị", due_on=today + dt.timedelta(days=7)
    )
    consents = {}
    for purpose in ("referral", "transfer"):
        consents[purpose] = cases.consent_record(
            actor=w.caseworker,
            person=w.person,
            case=w.case,
            data=ConsentInput(
                purpose=purpose,
                method="written",
                given_on=today - dt.timedelta(days=1),
                recipient_agency_id=w.centre.pk,
            ),
        )
    w.consent = consents["referral"]
    w.attachment = cases.attachment_add(
        actor=w.caseworker, case=w.case, filename="hop-dong.pdf", content=PDF, kind="contract"
    )
    cases.recruiter_contact_add(actor=w.caseworker, case=w.case, kind="phone", value="0987 111 222")

    # Screening and the care plan.
    w.assessment = screening.assessment_start(actor=w.caseworker, case=w.case, instrument="test-trafficking")
    w.plan = plans.plan_create(actor=w.caseworker, case=w.case, summary="Hỗ trợ tái hòa nhập")
    w.goal = plans.goal_add(actor=w.caseworker, plan=w.plan, domain="health", urgency="high", text="Khám sức khỏe")
    w.service = plans.service_add(
        actor=w.caseworker, goal=w.goal, service_type="medical", due_on=today + dt.timedelta(days=20)
    )

    # The directory: the agency's own entry, an outside provider, the centre's entry; the network.
    w.own_entry = provider_for_agency(w.agency)
    w.centre_provider = ServiceProvider.objects.create(
        agency=w.centre, name_vi=w.centre.name_vi, kind=ProviderKind.SHELTER
    )
    ProviderService.objects.create(provider=w.centre_provider, service_type="shelter", nationwide=True)
    w.provider = ServiceProvider.objects.create(name_vi="Bệnh viện Đa khoa tỉnh Lào Cai", kind=ProviderKind.HEALTH)
    w.provider_service = ProviderService.objects.create(provider=w.provider, service_type="medical", nationwide=True)
    w.contact = StakeholderContact.objects.create(
        agency=w.agency, provider=w.provider, role="Khám sức khỏe", focal_point="Bác sĩ trưởng khoa"
    )

    # A shelter stay with an extension asked for.
    w.facility = shelters.facility_create(
        actor=w.admin, data=shelters.FacilityInput(name_vi="Nhà tạm lánh Hà Nội", name_en="Hanoi shelter")
    )
    room = shelters.room_add(actor=w.admin, facility=w.facility, name="Phòng nữ", sex="female")
    shelters.beds_add(actor=w.admin, room=room, labels=["F1", "F2"])
    w.stay = shelters.stay_admit(actor=w.caseworker, case=w.case, facility=w.facility)
    w.extension = shelters.extension_request(actor=w.caseworker, stay=w.stay, days=5, reason="Chờ giấy tờ")

    # Reintegration: a started plan with a support, a recorded visit; a self-help group with the person.
    rplan = reintegration.plan_create(actor=w.caseworker, case=w.case, focus="Chăn nuôi", summary="Nuôi lợn")
    w.rplan = reintegration.plan_start(actor=w.caseworker, plan=rplan, started_on="01/01/2026")
    w.support = reintegration.support_add(
        actor=w.caseworker, plan=w.rplan, kind="vocational_training", description="Khóa may 3 tháng"
    )
    w.visit = w.rplan.visits.order_by("month_offset").first()
    reintegration.visit_record(actor=w.caseworker, visit=w.visit, answers={"safety": "safe"}, done_on="05/02/2026")
    w.group = reintegration.group_create(
        actor=w.caseworker, name="Nhóm tự lực Hoa Sen", province="01", facilitator="Chị Lan", founded_on="01/01/2025"
    )
    w.member = reintegration.member_add(
        actor=w.caseworker, group=w.group, person_id=w.person.pk, joined_on="01/02/2025"
    )
    reintegration.meeting_record(
        actor=w.caseworker, group=w.group, held_on="15/03/2025", topics=["savings"], present=[w.member.pk]
    )

    # Feedback: a one-time link (its code opens the public form) and an answer given in the office.
    w.feedback_link, w.feedback_code = feedback.feedback_link_create(actor=w.caseworker, case=w.case)
    feedback.feedback_record(actor=w.caseworker, case=w.case, ratings={"respect": 5, "safe": 4}, comment="Tốt")

    # Outreach: a training with a named trainee, and a material.
    w.event = outreach.event_create(
        actor=w.officer,
        data={
            "kind": "training_frontline",
            "title": "Tập huấn nhận diện nạn nhân",
            "start_date": "12/03/2025",
            "end_date": "",
            "province": "15",
            "venue": "Nhà văn hóa thôn",
            "summary": "Tập huấn cán bộ.",
            "counts_from_register": True,
            "counts": {},
        },
    )
    w.participant = outreach.participant_add(
        actor=w.officer,
        event=w.event,
        data={
            "name": TRAINEE["name"],
            "sex": "female",
            "age_group": "25_34",
            "organisation": "Hội Liên hiệp Phụ nữ huyện Bắc Hà",
            "position": "Cán bộ chuyên trách",
            "contact": TRAINEE["contact"],
            "pre_score": "40",
            "post_score": "75",
        },
    )
    w.material = outreach.material_create(
        upload=SimpleUploadedFile("so-tay.pdf", PDF, "application/pdf"),
        actor=w.officer,
        data={
            "kind": "brochure",
            "title_vi": "Đi làm việc ở Nhật Bản",
            "title_en": "Working in Japan",
            "languages": ["vi", "ja"],
        },
    )
    outreach.stock_move(actor=w.officer, material=w.material, kind="received", quantity=100)

    # The portal: a published country profile; the licence list; a job another user started.
    w.profile, draft = portal.profile_create(actor=w.officer, kind="country", country_id="JP")
    draft = portal.draft_save(
        actor=w.officer,
        version=draft,
        data=JAPAN_TEXT,
        revision=draft.revision,
    )
    draft = portal.draft_submit(actor=w.officer, version=draft)
    w.version = portal.version_publish(actor=w.supervisor, version=draft)
    licence_list = (
        "STT,Tên doanh nghiệp,Tên viết tắt,Số giấy phép,Ngày cấp,Tình trạng,Địa chỉ\n"
        "1,Công ty Cổ phần Nhân lực Quốc tế Sao Mai,SAO MAI,101/LĐTBXH-GP,12/03/2015,Đang hoạt động,Hà Nội\n"
        "2,Công ty TNHH Sai Dòng,,khong-co-so,,,\n"
    )
    batch = recruiters.licence_import_create(
        actor=None, file_name="list.csv", content=licence_list.encode(), data_date=dt.date(2026, 9, 1)
    )
    w.licence_import = recruiters.licence_import_run(import_id=batch.pk, channel="cli")
    w.job = Job.objects.create(kind="licence_import", created_by=w.caseworker)

    # A referral and a transfer to the centre (last: a pending transfer holds the case).
    w.referral = referrals.referral_create(
        actor=w.caseworker,
        case=w.case,
        provider=w.centre_provider,
        service_type="shelter",
        fields=["full_name", "sex", "age", "phone"],
        note="Cần chỗ ở ngay.",
    )
    w.transfer = referrals.transfer_start(actor=w.caseworker, case=w.case, to_agency=w.centre, note="Về quê.")

    # Notifications: someone else's (names the case), and one of the analyst's own.
    notify(
        recipients=[w.caseworker],
        kind="followup_overdue",
        target_url=reverse("reintegration:plan", args=[w.rplan.pk]),
        params={"case": w.case.number, "due_on": "01/04/2026", "months": "3"},
        email=False,
    )
    w.notification = Notification.objects.filter(recipient=w.caseworker).first()
    w.own_notification = notify(
        recipients=[w.analyst],
        kind="referral_overdue",
        target_url=reverse("web:home"),
        params={"reference": "X", "to_agency": "Y", "sent_on": "01/11/2026"},
        email=False,
    )[0]
    # Each user signs in once for the module: an API token and a browser session.
    users = (w.analyst, w.centre_analyst, w.control, w.caseworker, w.officer)
    w.tokens = {u.pk: Token.objects.create(user=u).key for u in users}
    w.sessions = {}
    for u in users:
        browser = Client()
        browser.force_login(u)
        w.sessions[u.pk] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The records, made once for the module inside a transaction rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    token = set_context(RequestContext(ip="127.0.0.1", channel="web"))
    try:
        with override_settings(MEDIA_ROOT=str(media)), django_db_blocker.unblock(), transaction.atomic():
            w = _build()
            yield w
            transaction.set_rollback(True)
    finally:
        _CLIENTS.clear()
        reset_context(token)


@pytest.fixture(autouse=True)
def _portal_visits_not_kept():
    """The public portal counts page views in memory and writes them at exit, when the test database is
    gone: write them at once (inside the test, rolled back), as tests/portal does."""
    from safepath.portal import services

    with override_settings(SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS=0):
        services._views.clear()
        yield
        services._views.clear()


# --- path arguments --------------------------------------------------------------------------------
def _pk(key: str, w: SimpleNamespace) -> Any:
    """The record a URL's `pk` names, by URL name."""
    by_name = {
        "notifications:open": w.notification,
        "directory:network_edit": w.contact,
        "directory:network_remove": w.contact,
        "directory:service_edit": w.provider_service,
        "plans:goal_action": w.goal,
        "plans:service_action": w.service,
        "referrals:transfer": w.transfer,
        "referrals:transfer_action": w.transfer,
        "shelters:stay_detail": w.stay,
        "reintegration:support_action": w.support,
        "reintegration:visit": w.visit,
        "reintegration:visit_result": w.visit,
        "reintegration:member_leave": w.member,
        "outreach:materials_hand_out": w.event,  # an event's pk, under the "outreach:material" prefix
        "outreach:material_return": w.event,
        "outreach:participant_edit": w.participant,
        "outreach:participant_remove": w.participant,
    }
    if key in by_name:
        return by_name[key].pk
    by_prefix = {
        "screening:": w.assessment,
        "plans:": w.plan,
        "directory:": w.provider,
        "referrals:": w.referral,
        "shelters:": w.facility,
        "reintegration:plan": w.rplan,
        "reintegration:group": w.group,
        "outreach:material": w.material,
        "outreach:stock": w.material,
        "outreach:": w.event,
    }
    for prefix, record in by_prefix.items():
        if key.startswith(prefix):
            return record.pk
    raise KeyError(f"{key}: which record does its <pk> name? Add it to _pk().")


# A real action of each view that dispatches on one: an unknown action would be a 404 whoever asks.
ACTIONS = {
    "cases:intake_action": "take",
    "plans:action": "submit",
    "plans:goal_action": "status",
    "plans:service_action": "progress",
    "referrals:action": "accept",
    "referrals:transfer_action": "accept",
    "reintegration:plan_action": "update",
    "reintegration:support_action": "update",
    "reintegration:group_action": "member",
    "portal:version_action": "publish",
}


# For an allowed URL this module has no record for (a new aggregate page): an id of nothing. The page
# may answer 404; it must still not fail, and must not show a person.
PLACEHOLDERS = {"UUIDConverter": "00000000-0000-4000-8000-000000000000", "IntConverter": "999999"}


def _kwargs(key: str, names: list[str], w: SimpleNamespace) -> dict[str, Any]:
    """Path arguments from the records: by argument name, `pk` and `action` by URL name."""
    if _is_allowed(key):
        try:
            return _kwargs_of_records(key, names, w)
        except KeyError:
            converters = URLS[key]["converters"]
            return {n: PLACEHOLDERS.get(converters.get(n, ""), "x") for n in names}
    return _kwargs_of_records(key, names, w)


def _kwargs_of_records(key: str, names: list[str], w: SimpleNamespace) -> dict[str, Any]:
    by_arg: dict[str, Any] = {
        "person_id": w.person.pk,
        "case_id": w.case.pk,
        "intake_id": w.intake.pk,
        "consultation_id": w.consultation.pk,
        "task_id": w.task.pk,
        "consent_id": w.consent.pk,
        "attachment_id": w.attachment.pk,
        "user_id": w.caseworker.pk,
        "agency_id": w.agency.pk,
        "job_id": w.job.pk,
        "import_id": w.licence_import.pk,
        "profile_id": w.profile.pk,
        "version_id": w.version.pk,
        "lang": "vi",
        "slug": "nhat-ban" if key == "portal:warning" else "JP",
        "rest": "khong-co-trang-nay/",
        "code": w.feedback_code if key == "feedback:public" else "test-trafficking",
        "section": w.assessment.section,
        "key": "khoa-gia",
        "uidb36": "1",
        "content_type_id": "1",
        "object_id": "1",
        "app_label": "auth",
        # The API names its records by their own argument names.
        "provider_id": w.provider.pk,
        "referral_id": w.referral.pk,
        "transfer_id": w.transfer.pk,
        "facility_id": w.facility.pk,
        "stay_id": w.stay.pk,
        "extension_id": w.extension.pk,
        "plan_id": w.rplan.pk if key.startswith("api-reintegration") else w.plan.pk,
        "goal_id": w.goal.pk,
        "service_id": w.service.pk,
        "assessment_id": w.assessment.pk,
        "support_id": w.support.pk,
        "visit_id": w.visit.pk,
        "group_id": w.group.pk,
        "event_id": w.event.pk,
        "material_id": w.material.pk,
    }
    out: dict[str, Any] = {}
    for name in names:
        if name == "pk":
            out[name] = _pk(key, w)
        elif name == "action":
            out[name] = ACTIONS[key]
        elif name in by_arg:
            out[name] = by_arg[name]
        else:
            raise KeyError(f"{key}: no value for <{name}>; add one to _kwargs().")
        out[name] = str(out[name])
    return out


def _path(key: str, w: SimpleNamespace) -> str:
    url = URLS[key]
    if not url["named"]:
        if key in UNNAMED_PATHS:
            return UNNAMED_PATHS[key]
        if UNNAMED_ADMIN_OBJECT.match(key):  # the admin's old-style object URL, redirecting to .../change/
            return "/" + key.replace("<path:object_id>", "1")
        raise KeyError(f"unnamed URL pattern {key!r}: add the path to request to UNNAMED_PATHS")
    return reverse(key, kwargs=_kwargs(key, url["kwargs"], w)) + QUERY.get(key, "")


# --- checks ----------------------------------------------------------------------------------------
# A body for the POSTs that check their input before who asks (else the 400 hides the answer).
POST_DATA: dict[str, Any] = {
    "api-feedback": lambda w: {"case": str(w.case.pk), "respect": 5},
    # One line handed out (an empty form answers 500: see CONTROL notes in the report).
    "outreach:materials_hand_out": lambda w: {"material_0": str(w.material.pk), "quantity_0": "1"},
}


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return unicodedata.normalize("NFC", body.decode("utf-8", errors="replace"))


def _leaks(response: Any) -> list[str]:
    text = _text(response)
    return [n for n in NEEDLES if unicodedata.normalize("NFC", n) in text]


def _login_redirect(response: Any) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and "login" in response.get("Location", "")


def _admin_refusal(key: str, response: Any, user: Any) -> bool:
    """Django's admin refuses a signed-in user who is not `is_staff` by sending them to its own sign-in
    form (which then says they are not authorised): that is the admin's refusal, not a lost session."""
    return (
        key.startswith(("admin:", "django-admin/"))
        and not user.is_staff
        and response.status_code == 302
        and response["Location"].startswith(reverse("admin:login"))
    )


def _requests(key: str, path: str, do: Any, w: SimpleNamespace, methods: list[str]) -> Iterator[tuple[str, Any]]:
    """(method, response) for each method, then for each other method a 405 names in its Allow header."""
    queue, tried = list(methods), set()
    while queue:
        method = queue.pop(0)
        tried.add(method)
        data = POST_DATA[key](w) if method == "post" and key in POST_DATA else None
        response = do(method, path, data)
        yield method, response
        if response.status_code == 405:
            allow = [m.strip().lower() for m in response.get("Allow", "").split(",")]
            queue += [m for m in allow if m in ("post", "put", "patch", "delete") and m not in tried | set(queue)]


def _problems(key: str, path: str, do: Any, w: SimpleNamespace, user: Any) -> list[str]:
    """What is wrong with one URL for this analyst ([] when nothing). `do(method, path, data)` requests it."""
    problems: list[str] = []
    if _is_allowed(key):
        for method, response in _requests(key, path, do, w, ["get"]):
            if response.status_code == 405 and method == "get" and key not in NO_POST:
                continue  # a form that only posts: the POST follows
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {path} -> {response.status_code} (an allowed page fails)")
            elif response.status_code == 200 and (found := _leaks(response)):
                problems.append(f"{method.upper()} {path} -> 200 shows {found}")
        return problems
    statuses = []
    for method, response in _requests(key, path, do, w, ["get"] if key in NO_POST else ["get", "post"]):
        statuses.append(response.status_code)
        if found := _leaks(response):
            problems.append(f"{method.upper()} {path} -> {response.status_code} shows {found}")
        if response.status_code == 405 or _admin_refusal(key, response, user):
            continue
        if response.status_code not in REFUSED:
            kind = "a redirect to the login page" if _login_redirect(response) else "not refused"
            where = f" to {response['Location']}" if response.has_header("Location") else ""
            problems.append(f"{method.upper()} {path} -> {response.status_code}{where} ({kind})")
    if all(s == 405 for s in statuses):
        problems.append(f"{path}: 405 to every method tried: nothing was checked")
    return problems


# Holes found by this sweep (person-level data an analyst can reach): URL name -> what leaks. Each test
# is a strict xfail: the suite stays green while the hole is open and fails the day it is closed.
HOLES: dict[str, str] = {}


def _params(keys: list[str]) -> list[Any]:
    return [
        pytest.param(k, id=k, marks=pytest.mark.xfail(strict=True, reason=HOLES[k])) if k in HOLES else k for k in keys
    ]


# One client per user for the module: a new client loads the middleware again, and WhiteNoise then
# reads every static file (a fifth of a second each time).
_CLIENTS: dict[tuple[Any, ...], Any] = {}


def _web(w: SimpleNamespace, user: Any, *, raise_request_exception: bool = True) -> Any:
    """A browser signed in as `user` (on the session the module opened for them), no other cookie."""
    key = ("web", user.pk, raise_request_exception)
    if key not in _CLIENTS:
        _CLIENTS[key] = Client(raise_request_exception=raise_request_exception)
    client = _CLIENTS[key]
    client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: w.sessions[user.pk]})
    return lambda method, path, data: getattr(client, method)(path, data or {})


def _api(w: SimpleNamespace, user: Any) -> Any:
    key = ("api", user.pk)
    if key not in _CLIENTS:
        _CLIENTS[key] = APIClient()
    client = _CLIENTS[key]
    client.cookies = SimpleCookie()
    client.credentials(HTTP_AUTHORIZATION=f"Token {w.tokens[user.pk]}")
    return lambda method, path, data: getattr(client, method)(path, data, format="json")


@pytest.mark.parametrize("key", _params(WEB_KEYS))
def test_page_refuses_the_analyst(key, world):
    problems = _problems(key, _path(key, world), _web(world, world.analyst), world, world.analyst)
    assert not problems, f"{key}: " + "; ".join(problems)


@pytest.mark.parametrize("key", _params(API_KEYS))
def test_api_refuses_the_analyst(key, world):
    """Every endpoint, lists included, answers 403 or 404: no list answers 200 with an empty page.

    An empty list would also keep the persons from the analyst, but it reads as "there is nobody",
    and it hangs on the list's filter alone; a refusal says the role may not ask.
    """
    problems = _problems(key, _path(key, world), _api(world, world.analyst), world, world.analyst)
    assert not problems, f"{key}: " + "; ".join(problems)


# The receiving side of a referral or a transfer is another agency: its analyst is refused there too.
RECEIVING_SIDE = [k for k in WEB_KEYS + API_KEYS if re.search(r"referral|transfer", k) and not _is_allowed(k)]


@pytest.mark.parametrize("key", _params(RECEIVING_SIDE))
def test_receiving_agency_analyst_is_refused_referrals_and_transfers(key, world):
    user = world.centre_analyst
    do = _api(world, user) if key in API_KEYS else _web(world, user)
    problems = _problems(key, _path(key, world), do, world, user)
    assert not problems, f"{key}: " + "; ".join(problems)


def test_the_analyst_opens_their_own_notification(world):
    response = _web(world, world.analyst)("post", reverse("notifications:open", args=[world.own_notification.pk]), None)
    assert response.status_code == 302 and response["Location"] == reverse("web:home")


# --- controls: the ids are real and the needles are what the pages show --------------------------
# A refusal proves something only when the same request lets someone else in: a wrong id or action
# would answer 404 to everyone. A member of staff of the agency with every role but the analyst's
# requests each refused URL (GET; POST, rolled back, for a URL that only posts) and must not be refused.
CONTROL_SKIPPED: dict[str, str] = {
    # The PDFs take the ids of the pages the control opens (cases:case_detail, plans:detail,
    # referrals:detail) and cost half a second each to draw.
    "cases:case_pdf": "same case id as cases:case_detail",
    "plans:pdf": "same plan id as plans:detail",
    "referrals:pdf": "same referral id as referrals:detail",
    "audit:list": "answers 500 whatever the role: AccessEvent.changed_field_labels fails on the "
    "'recruiter_contacts' reverse relation that cases.services.recruiter_contact_add logs as a field",
}


def _offered_to_nobody(path: str) -> bool:
    from django.urls import resolve

    from safepath.web import views as web_views

    return resolve(path.split("?")[0]).func is web_views.not_offered


# The URLs whose record is someone's own: the control is that someone.
CONTROL_USERS = {"notifications:open": "caseworker"}


def _rolled_back(do: Any) -> Any:
    """`do`, with whatever a POST, PATCH, PUT or DELETE writes undone at once."""

    def request(method: str, path: str, data: Any) -> Any:
        if method == "get":
            return do(method, path, data)
        with transaction.atomic():
            response = do(method, path, data)
            transaction.set_rollback(True)
        return response

    return request


def test_staff_with_every_role_are_let_in_where_the_analyst_is_refused(world):
    clients: dict[Any, Any] = {}
    failures = []
    for key in WEB_KEYS + API_KEYS:
        if not URLS[key]["kwargs"] or _is_allowed(key) or key in CONTROL_SKIPPED:
            continue  # without a path argument there is no id to get wrong
        if key.startswith(("admin:", "django-admin/")):
            continue  # the admin refuses every user who is not is_staff: nothing to compare with
        path = _path(key, world)
        if _offered_to_nobody(path):  # allauth pages SafePath answers 404 to all (no sign-up, no e-mail)
            continue
        user = getattr(world, CONTROL_USERS.get(key, "control"))
        api = key in API_KEYS
        if (user.pk, api) not in clients:
            do = _api(world, user) if api else _web(world, user, raise_request_exception=False)
            clients[user.pk, api] = _rolled_back(do)
        for method, response in _requests(key, path, clients[user.pk, api], world, ["get"]):
            last = method, response
            if response.status_code != 405:
                break
        method, response = last
        if response.status_code in (*REFUSED, 405) or response.status_code >= 500:
            failures.append(f"{key}: {method.upper()} {path} -> {response.status_code}")
    assert not failures, "staff with every role are refused too (a wrong id or action?):\n" + "\n".join(failures)


def test_the_needles_are_what_the_pages_show(world):
    page = _text(_web(world, world.caseworker)("get", reverse("people:detail", args=[world.person.pk]), None))
    for needle in ("Quách Thị Ngọc Xuyến", "358 123 987", "094199012345", "ngoc.xuyen@example.vn"):
        assert needle in page, needle
    api = _text(_api(world, world.caseworker)("get", reverse("api-person", args=[world.person.pk]), None))
    assert "358123987" in api and "Ngọc Xuyến" in api and "094199012345" in api
    event = _text(_web(world, world.officer)("get", reverse("outreach:event", args=[world.event.pk]), None))
    assert TRAINEE["name"] in event and "987 654 321" in event
