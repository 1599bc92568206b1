"""Ask for help: the request lands in the right queue, is stored before the answer, answers with a
reference code, is protected from spam, keeps what was typed, and never reveals whether a person is known."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from safepath.accounts.roles import AgencyType, Role
from safepath.audit.models import AccessEvent
from safepath.cases.models import IntakeItem
from safepath.portal import reference
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
URL = "/portal/vi/help/"


def _form(**overrides):
    data = {
        "what_happened": "Tôi bị giữ hộ chiếu và không được trả lương.",
        "contact_method": "phone",
        "contact": "0912 345 678",
        "name": "Hoa",
        "province": "",
        "agency": "",
        "consent": "yes",
    }
    data.update(overrides)
    return data


@pytest.fixture
def centres(agency):
    """HN-MRC (the default) in Hà Nội; a centre and a police office in Nghệ An; a shelter in Lào Cai."""
    from safepath.places.models import Province

    provinces = {p.name: p for p in Province.objects.all()}
    agency.province = provinces["Hà Nội"]
    agency.save()
    na = AgencyFactory(code="NA-MRC", name_vi="Trung tâm Nghệ An", province=provinces["Nghệ An"])
    police = AgencyFactory(code="NA-CA", type=AgencyType.POLICE, province=provinces["Nghệ An"])
    lc = AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, province=provinces["Lào Cai"])
    return {"hn": agency, "na": na, "police": police, "lc": lc, "provinces": provinces}


def test_a_request_lands_in_the_chosen_centres_queue_with_a_reference(client, centres):
    response = client.post(URL, _form(agency=str(centres["lc"].pk)), **ORIGIN)
    assert response.status_code == 200
    item = IntakeItem.objects.get()
    assert item.agency == centres["lc"] and item.channel == "web" and item.status == "new"
    assert item.contact_phone == "+84912345678" and item.consent_to_contact and item.contact_name == "Hoa"
    assert "Tôi bị giữ hộ chiếu" in item.body and "Tôi bị giữ hộ chiếu" in item.subject
    code = re.search(r'id="reference-code">([0-9A-Z]{4}-[0-9A-Z]{4})<', response.content.decode()).group(1)
    assert code == reference.code_for(item.pk)
    assert centres["lc"].name_vi in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # The centre's staff see the same code on the item, to recognise the person who calls quoting it.
    staff = Client()
    staff.force_login(UserFactory(agency=centres["lc"], roles=[Role.COUNSELLOR], username="tuvan_lc"))
    page = staff.get(reverse("cases:intake_detail", args=[item.pk])).content.decode()
    assert 'id="portal-code"' in page and code in page


def test_without_a_choice_it_goes_to_a_centre_of_the_province_else_the_default(client, centres):
    client.post(URL, _form(province=centres["provinces"]["Nghệ An"].code), **ORIGIN)
    client.post(URL, _form(province=centres["provinces"]["Huế"].code, contact="0987 654 321"), **ORIGIN)
    by_agency = {i.agency.code: i for i in IntakeItem.objects.select_related("agency")}
    assert set(by_agency) == {"NA-MRC", "HN-MRC"}  # never the police office
    assert by_agency["HN-MRC"].province_id == centres["provinces"]["Huế"].code


def test_the_default_agency_comes_from_the_settings(client, centres, settings):
    settings.SAFEPATH_PORTAL_DEFAULT_AGENCY = "LC-RC"
    client.post(URL, _form(), **ORIGIN)
    assert IntakeItem.objects.get().agency.code == "LC-RC"


def test_an_agency_that_does_not_take_requests_cannot_be_chosen(client, centres):
    response = client.post(URL, _form(agency=str(centres["police"].pk)), **ORIGIN)
    assert response.status_code == 400 and not IntakeItem.objects.exists()


def test_it_is_in_the_database_before_the_answer_page_is_built(client, centres, monkeypatch):
    from safepath.portal import views

    seen = []
    original = views.render_page

    def spy(request, lang, template, context, **kwargs):
        if template.endswith("help_sent.html"):
            seen.append(IntakeItem.objects.filter(pk__isnull=False).count())
        return original(request, lang, template, context, **kwargs)

    monkeypatch.setattr(views, "render_page", spy)
    client.post(URL, _form(), **ORIGIN)
    assert seen == [1]


@pytest.mark.django_db(transaction=True)
def test_it_is_committed_when_the_answer_is_sent(client, centres):
    """No transaction wraps a transactional test: what the view stored is committed."""
    from django.db import connection

    response = client.post(URL, _form(), **ORIGIN)
    assert response.status_code == 200 and not connection.in_atomic_block
    assert IntakeItem.objects.count() == 1


def test_the_same_request_sent_twice_is_stored_once(client, centres):
    first = client.post(URL, _form(), **ORIGIN).content.decode()
    second = client.post(URL, _form(), **ORIGIN).content.decode()
    assert IntakeItem.objects.count() == 1
    code = re.compile(r'id="reference-code">([^<]+)<')
    assert code.search(first).group(1) == code.search(second).group(1)


def test_the_double_send_key_is_keyed_not_a_plain_hash_of_the_contact(client, centres):
    """Whoever holds the table cannot test a guessed phone number against the stored key."""
    import hashlib

    from django.utils import timezone

    from safepath.portal import services

    client.post(URL, _form(what_happened="Cứu", name=""), **ORIGIN)
    item = IntakeItem.objects.get()
    guess = "|".join([str(item.agency_id), timezone.localdate().isoformat(), item.body, "+84912345678", "", ""])
    plain = "portal-help:" + hashlib.sha256(guess.encode()).hexdigest()
    assert item.message_id_hash != hashlib.sha256(plain.encode()).hexdigest()
    keyed = "portal-help:" + services.blind_index(guess, purpose="portal.help")
    assert item.message_id_hash == hashlib.sha256(keyed.encode()).hexdigest()  # the guess was right, the key differs


def test_a_request_reads_the_list_of_centres_at_most_once(client, centres):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def centre_lists(form):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(URL, form, **ORIGIN).status_code == 200
        return sum('FROM "accounts_agency"' in q["sql"] and '"type" IN' in q["sql"] for q in queries)

    assert centre_lists(_form(agency=str(centres["lc"].pk))) == 1
    assert centre_lists(_form(contact="0987 654 321")) == 0  # straight to the default centre


def test_errors_keep_what_was_typed(client, centres):
    response = client.post(URL, _form(contact="12", consent=""), **ORIGIN)
    html = response.content.decode()
    assert response.status_code == 400 and not IntakeItem.objects.exists()
    assert "Tôi bị giữ hộ chiếu và không được trả lương." in html and 'value="12"' in html and 'value="Hoa"' in html
    assert 'href="#id_contact"' in html and 'href="#id_consent"' in html and 'aria-invalid="true"' in html
    response = client.post(URL, _form(what_happened="", contact_method="email", contact="a@"), **ORIGIN)
    assert response.status_code == 400
    assert set(re.findall(r'href="#id_(\w+)"', response.content.decode())) >= {"what_happened", "contact"}


def test_without_contact_no_consent_is_needed(client, centres):
    response = client.post(URL, _form(contact_method="none", contact="", consent=""), **ORIGIN)
    assert response.status_code == 200
    item = IntakeItem.objects.get()
    assert not item.consent_to_contact and item.contact_phone == ""


def test_danger_makes_it_an_emergency(client, centres):
    response = client.post(URL, _form(danger="yes"), **ORIGIN)
    assert IntakeItem.objects.get().urgency == "emergency"
    assert "113" in response.content.decode()


def test_a_post_from_another_site_is_refused_politely(client, centres):
    for headers in (
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/x"},
        {"HTTP_ORIGIN": "null"},
    ):
        response = client.post(URL, _form(), **headers)
        assert response.status_code == 403 and "Tôi bị giữ hộ chiếu" in response.content.decode()
    assert not IntakeItem.objects.exists()
    assert client.post(URL, _form(), HTTP_REFERER="http://testserver/portal/vi/help/").status_code == 200


def test_the_honeypot_stops_robots_politely(client, centres):
    response = client.post(URL, _form(website="http://spam.example"), **ORIGIN)
    html = response.content.decode()
    assert response.status_code == 400 and not IntakeItem.objects.exists()
    assert "Tôi bị giữ hộ chiếu" in html and "spam.example" not in html  # the trap is emptied for a real person


def test_the_rate_limit_answers_politely_and_keeps_the_text(client, centres, settings):
    settings.SAFEPATH_PORTAL_RATE_LIMITS = {"help": (2, 3600)}
    assert client.post(URL, _form(contact="0912 000 001"), **ORIGIN).status_code == 200
    assert client.post(URL, _form(contact="0912 000 002"), **ORIGIN).status_code == 200
    response = client.post(URL, _form(contact="0912 000 003"), **ORIGIN)
    assert response.status_code == 429 and response["Retry-After"]
    assert "0912 000 003" in response.content.decode() and 'id="form-busy"' in response.content.decode()
    assert IntakeItem.objects.count() == 2
    # Another address is not limited.
    assert client.post(URL, _form(contact="0912 000 004"), REMOTE_ADDR="198.51.100.9", **ORIGIN).status_code == 200


def test_the_client_is_known_only_by_a_daily_pseudonym(rf, settings):
    from django.core.cache import cache

    from safepath.portal import protect

    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    key = protect.client_key(request)
    assert "203.0.113.7" not in key and len(key) == 32
    assert protect.client_key(request) == key
    cache.clear()  # a new day's secret (or a restart of the cache) gives a new pseudonym
    assert protect.client_key(request) != key


def test_no_address_is_kept_with_the_request(client, centres):
    client.post(URL, _form(), REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 Nokia", **ORIGIN)
    event = AccessEvent.objects.get(object_type="intake")
    assert event.ip_address == "" and event.actor is None
    assert "203.0.113.7" not in str(event.detail)


def test_the_answer_never_says_whether_the_person_is_known(client, centres, agency):
    worker = UserFactory(agency=agency, roles=[Role.CASEWORKER])
    register(worker, phone="0912 345 678")

    def answer(phone):
        html = client.post(URL, _form(contact=phone), **ORIGIN).content.decode()
        return re.sub(r'id="reference-code">[^<]+<', "", html)

    assert answer("0912 345 678") == answer("0988 111 222")


def test_prefilled_from_the_offer_check_without_storing(client, centres):
    response = client.post(URL, {"prefill": "offer", "offer_text": "Tuyển gấp đi Campuchia, lương 30 triệu"}, **ORIGIN)
    html = response.content.decode()
    assert response.status_code == 200 and not IntakeItem.objects.exists()
    assert "Tuyển gấp đi Campuchia, lương 30 triệu</textarea>" in html
    response = client.post(URL, _form(what_happened="", offer_text="Tuyển gấp đi Campuchia, lương 30 triệu"), **ORIGIN)
    assert response.status_code == 200
    assert "Tuyển gấp đi Campuchia" in IntakeItem.objects.get().body


def test_staff_find_the_request_by_its_reference(client, centres):
    client.post(URL, _form(agency=str(centres["na"].pk)), **ORIGIN)
    item = IntakeItem.objects.get()
    code = reference.code_for(item.pk)
    own = UserFactory(agency=centres["na"], roles=[Role.COUNSELLOR])
    other = UserFactory(agency=centres["hn"], roles=[Role.COUNSELLOR])
    analyst = UserFactory(agency=centres["na"], roles=[Role.ANALYST])
    client.force_login(own)
    typed = code.lower().replace("-", " ").replace("0", "o")
    response = client.get("/portal/staff/help-reference/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/intake/{item.pk}/"
    assert AccessEvent.objects.filter(object_type="intake", purpose="help_reference").exists()
    client.force_login(other)
    response = client.get("/portal/staff/help-reference/", {"code": code})
    assert response.status_code == 200 and 'id="reference-none"' in response.content.decode()
    assert client.get("/portal/staff/help-reference/", {"code": "12345"}).status_code == 400
    client.force_login(analyst)
    assert client.get("/portal/staff/help-reference/", {"code": code}).status_code == 403


def test_reference_codes_round_trip():
    import uuid

    for _ in range(200):
        item_id = uuid.uuid4()
        code = reference.code_for(item_id)
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
        low, high = reference.id_range(code)
        assert low <= item_id <= high
    assert reference.id_range("ABCD-EFG") is None and reference.normalize("abcd efgh") == "ABCDEFGH"
