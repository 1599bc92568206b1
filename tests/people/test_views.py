from __future__ import annotations

import pytest
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.people.models import Person
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db

VALID = {
    "family_name": "Sùng",
    "middle_name": "Thị",
    "given_name": "Mỷ",
    "sex": "female",
    "birth_date": "2001",
    "phone": "0971 234 567",
    "id_number": "",
    "languages": ["hmn", "vi"],
}


@pytest.fixture
def caseworker(client):
    user = UserFactory(roles=[Role.CASEWORKER])
    client.force_login(user)
    return user


def test_register_through_the_form(client, caseworker):
    response = client.post(reverse("people:create"), VALID)
    assert response.status_code == 302
    person = Person.objects.get()
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    page = client.get(response["Location"])
    assert "Sùng Thị Mỷ" in page.content.decode()
    assert "0971 234 567" in page.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"family_name": ""},
        {"phone": "call me"},
        {"birth_date": "32/13/1990"},
        {"sex": "robot"},
        {"origin_province": "nowhere"},
        {"origin_ward": "99999999", "origin_province": "01"},
        {"ethnicity": "xx"},
        {"languages": ["klingon"]},
        {"email": "not-an-address"},
        {"id_number": "123"},
        {"given_name": "x" * 500},
    ],
)
def test_bad_input_is_explained_and_kept(client, caseworker, bad):
    data = {**VALID, **bad}
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "is-invalid" in html or 'role="alert"' in html
    assert "Sùng" in html or bad.get("family_name") == ""  # what was typed is still there
    assert not Person.objects.exists()


def test_other_agency_gets_404_exactly_like_missing(client):
    owner = UserFactory()
    person = register(owner)
    client.force_login(UserFactory())
    forbidden = client.get(reverse("people:detail", args=[person.pk]))
    missing = client.get(reverse("people:detail", args=["00000000-0000-0000-0000-000000000000"]))
    assert forbidden.status_code == missing.status_code == 404
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 404


def test_list_shows_only_own_agency_and_audits_the_page(client, caseworker):
    mine = register(caseworker, given_name="Lan")
    theirs = register(UserFactory(), given_name="Mai")
    html = client.get(reverse("people:list")).content.decode()
    assert "Nguyễn Thị Lan" in html and "Nguyễn Thị Mai" not in html
    event = AccessEvent.objects.filter(action="list").latest("seq")
    assert event.object_ids == [str(mine.pk)] and str(theirs.pk) not in event.object_ids


def test_search_page_without_javascript(client, caseworker):
    register(caseworker, family_name="Vàng", middle_name="Seo", given_name="Lử")
    html = client.get(reverse("people:list"), {"q": "vang seo lu"}).content.decode()
    assert "Vàng Seo Lử" in html


def test_htmx_search_returns_only_the_results_fragment(client, caseworker):
    register(caseworker)
    response = client.get(reverse("people:list"), {"q": "huong"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Nguyễn Thị Hương" in response.content.decode()


def test_edit_form_round_trip(client, caseworker):
    person = register(caseworker)
    form = client.get(reverse("people:edit", args=[person.pk]))
    assert form.status_code == 200 and "12/05/1998" in form.content.decode()
    response = client.post(reverse("people:edit", args=[person.pk]), {**VALID, "given_name": "Mai"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Mai"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OUTREACH_OFFICER, Role.AGENCY_ADMIN])
def test_roles_without_person_rights_are_refused(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:create")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_shows_the_record_history_without_values(client, caseworker):
    person = register(caseworker)
    client.post(reverse("people:edit", args=[person.pk]), {**VALID, "given_name": "Mai"})
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'id="person-history"' in html
    history = html.split('id="person-history"')[1].split("</ul>")[0]
    assert caseworker.username in history
    assert "Mai" not in history and "Sùng" not in history  # which fields changed, never their values
