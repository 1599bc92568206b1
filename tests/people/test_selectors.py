from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.people.selectors import access_person_by_id, parse_search, person_search
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    user = UserFactory()
    colleague = UserFactory(agency=user.agency, roles=[Role.COUNSELLOR])
    hong = register(
        user,
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hồng",
        phone="0912345678",
        id_number="038198001234",
        aliases=["Linda Nguyen"],
    )
    huong = register(
        user, family_name="Nguyễn", middle_name="Thị", given_name="Hương", phone="0987654321", id_number="040198004321"
    )
    pao = register(user, family_name="Giàng", middle_name="A", given_name="Páo", phone="", id_number="")
    return {"user": user, "colleague": colleague, "hong": hong, "huong": huong, "pao": pao}


@pytest.mark.parametrize(
    "query",
    ["Nguyễn Thị Hồng", "nguyen thi hong", "NGUYEN THI HONG", "hong nguyen", "Hồng", "linda"],
)
def test_name_search_forgives_accents_case_and_order(people, query):
    results, _total = person_search(user=people["colleague"], text=query)
    assert people["hong"] in results
    assert people["huong"] not in results


def test_folding_keeps_distinct_given_names_apart(people):
    results, _ = person_search(user=people["user"], text="nguyen thi huong")
    assert results == [people["huong"]]


def test_hmong_names(people):
    results, _ = person_search(user=people["user"], text="giang a pao")
    assert results == [people["pao"]]


@pytest.mark.parametrize("query", ["0912 345 678", "+84912345678", "84912345678", "038198001234", "0381 9800 1234"])
def test_phone_and_id_search(people, query):
    results, _ = person_search(user=people["user"], text=query)
    assert results == [people["hong"]]


def test_search_is_audited_without_the_query(people):
    AccessEvent.objects.all()
    results, _ = person_search(user=people["user"], text="nguyen")
    event = AccessEvent.objects.filter(action="search").latest("seq")
    assert sorted(event.object_ids) == sorted(str(p.pk) for p in results)
    assert event.detail == {"by": ["name"], "results": 2}
    assert "nguyen" not in str(event.detail).lower()


def test_other_agencies_find_nothing(people):
    outsider = UserFactory()
    results, total = person_search(user=outsider, text="nguyen")
    assert results == [] and total == 0


def test_access_is_404_for_missing_forbidden_and_malformed(people):
    outsider = UserFactory()
    for user, pid in [(outsider, people["hong"].pk), (people["user"], uuid.uuid4()), (people["user"], "not-a-uuid")]:
        with pytest.raises(Http404):
            access_person_by_id(user=user, person_id=pid)
    analyst = UserFactory(agency=people["user"].agency, roles=[Role.ANALYST])
    with pytest.raises(Http404):
        access_person_by_id(user=analyst, person_id=people["hong"].pk)


def test_each_view_adds_one_audit_entry(people):
    before = AccessEvent.objects.filter(action="view").count()
    access_person_by_id(user=people["user"], person_id=people["hong"].pk)
    access_person_by_id(user=people["user"], person_id=people["hong"].pk)
    assert AccessEvent.objects.filter(action="view").count() == before + 2


def test_parse_search_kinds():
    assert parse_search("0912 345 678").kinds == ("phone", "id_number")
    assert parse_search("C1234567").kinds == ("id_number",)
    assert parse_search("Nguyễn Văn An").kinds == ("name",)
    assert parse_search("   ").kinds == ()


def test_analysts_get_suppressed_aggregates_only(client):
    from django.urls import reverse

    from safepath.people.selectors import person_counts_for_analysts
    from safepath.places.models import Province

    hanoi, laocai, hue = (Province.objects.get(name=n) for n in ("Hà Nội", "Lào Cai", "Huế"))
    worker = UserFactory()
    for _ in range(7):
        register(worker, phone="", id_number="", origin_province_id=hanoi.pk)
    for _ in range(6):
        register(worker, phone="", id_number="", origin_province_id=laocai.pk)
    register(worker, phone="", id_number="", origin_province_id=hue.pk)
    analyst = UserFactory(roles=[Role.ANALYST])
    stats = person_counts_for_analysts(user=analyst)
    cells = dict(stats["by_province"])
    assert stats["total"] == 14
    # Huế (1) is hidden, and so is the next smallest (Lào Cai, 6), so Huế cannot be derived.
    assert cells["Huế"] is None and cells["Lào Cai"] is None and cells["Hà Nội"] == 7
    with pytest.raises(Http404):
        person_counts_for_analysts(user=worker)
    client.force_login(analyst)
    html = client.get(reverse("web:home")).content.decode()
    assert 'id="stats-province"' in html and "Nguyễn" not in html


def test_email_search():
    user = UserFactory()
    person = register(user, email="Mai.Lan@Example.VN")
    results, _ = person_search(user=user, text="mai.lan@example.vn")
    assert results == [person]
