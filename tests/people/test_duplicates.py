"""The duplicate check at registration: matching (pure), blocking keys, the selector, the views."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.core.normalize import normalize_name
from safepath.people import matching
from safepath.people.duplicates import hashed_keys, person_match_keys_rebuild
from safepath.people.matching import compare, make_record, probe_keys, rank, stored_keys
from safepath.people.models import MatchKeyKind, Person, PersonMatchKey
from safepath.people.selectors import person_duplicate_candidates
from safepath.people.services import PersonInput, person_input_from, person_update
from tests.factories import UserFactory
from tests.helpers import register


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --------------------------------------------------------------------------- pure matching
HUONG = {
    "family_name": "Nguyễn",
    "middle_name": "Thị",
    "given_name": "Hương",
    "sex": "female",
    "birth_date": "1998-05-12",
    "province": "01",
}
VARIANTS = {
    "diacritics dropped": {"family_name": "Nguyen", "middle_name": "Thi", "given_name": "Huong"},
    "upper case": {"family_name": "NGUYỄN", "middle_name": "THỊ", "given_name": "HƯƠNG"},
    "nfd input": {"given_name": "Hu\u031bo\u031bng"},
    "given name first": {"family_name": "Hương", "middle_name": "Nguyễn", "given_name": "Thị"},
    "western order": {"family_name": "Huong", "middle_name": "Thi", "given_name": "Nguyen"},
    "missing middle name": {"middle_name": ""},
    "typo in given name": {"given_name": "Huonh"},
    "transposed letters": {"given_name": "Hưnog"},
    "day/month swapped": {"birth_date": "1998-12-05"},
    "year only": {"birth_date": "1998"},
    "1 January placeholder": {"birth_date": "1998-01-01"},
    "year off by one": {"birth_date": "1997-05-12"},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_entry_variation_meets_by_key_and_is_shown(variant):
    original = make_record(**HUONG)
    probe = make_record(**{**HUONG, **VARIANTS[variant]})
    assert probe_keys(probe) & stored_keys(original), "no shared blocking key"
    shown = rank(probe, [("original", original)])
    assert [c.person for c in shown] == ["original"]


def test_hmong_clan_spellings_are_one_family():
    original = make_record(family_name="Vàng", middle_name="A", given_name="Pao", sex="male", birth_date="2001")
    for spelling in ("Vaj", "Vang", "VANG"):
        probe = make_record(family_name=spelling, given_name="Pao", sex="male", birth_date="2001-03-04")
        assert probe_keys(probe) & stored_keys(original)
        score, evidence = compare(probe, original)
        assert score >= matching.POSSIBLE
    yang = make_record(family_name="Yang", given_name="Pao", birth_date="2001")
    giang = make_record(family_name="Giàng", given_name="Pao", birth_date="2001")
    assert any("spelled differently" in e.reason for e in compare(yang, giang)[1])
    # Hoàng and Huỳnh, Vũ and Võ stay different families.
    for a, b in (("Vũ", "Võ"), ("Hoàng", "Huỳnh"), ("Phạm", "Phan")):
        evidence = compare(make_record(family_name=a, given_name="An"), make_record(family_name=b, given_name="An"))[1]
        assert "different family name" in [e.reason for e in evidence]


def test_given_name_levels_are_ordered():
    base = make_record(family_name="Trần", given_name="Hương")

    def given_score(given: str) -> float:
        return compare(make_record(family_name="Trần", given_name=given), base)[0]

    exact, folded, tones, typo, other = (given_score(g) for g in ("Hương", "Huong", "Hường", "Huonh", "Lan"))
    assert exact > folded > tones > typo > 0 > other
    # One letter apart, but both real syllables: two names (Hương / Hồng) more often than a typo.
    assert given_score("Hồng") < typo
    assert "similar given name" in [
        e.reason for e in compare(make_record(family_name="Trần", given_name="Hồng"), base)[1]
    ]


def test_a_shared_family_name_weighs_by_its_frequency():
    def family_score(family: str) -> float:
        return compare(
            make_record(family_name=family, given_name="Lan"), make_record(family_name=family, given_name="Lan")
        )[0]

    assert family_score("Nguyễn") < family_score("Trần") < family_score("Giàng")
    evidence = compare(
        make_record(family_name="Nguyen", given_name="Lan"), make_record(family_name="Nguyễn", given_name="Lan")
    )[1]
    assert "family name Nguyễn is very common" in [e.reason for e in evidence]


def test_birth_date_levels():
    base = make_record(family_name="Lê", given_name="Mai", birth_date="1990-05-12")

    def dob(value: str) -> float:
        return compare(make_record(family_name="Lê", given_name="Mai", birth_date=value), base)[0]

    assert dob("1990-05-12") > dob("1990-12-05") > dob("1990") > dob("") > dob("1990-07-20") > dob("1984-05-12")
    # Swapping is only possible while the day is 12 or less.
    late = make_record(family_name="Lê", given_name="Mai", birth_date="1990-05-25")
    assert (
        compare(make_record(family_name="Lê", given_name="Mai", birth_date="1990-05-25"), late)[0]
        > compare(make_record(family_name="Lê", given_name="Mai", birth_date="1990-12-05"), base)[0]
    )


def test_a_lone_nguyen_thi_with_the_same_year_is_never_shown():
    probe = make_record(family_name="Nguyễn", middle_name="Thị", given_name="Hương", sex="female", birth_date="1995")
    others = [
        (g, make_record(family_name="Nguyễn", middle_name="Thị", given_name=g, sex="female", birth_date="1995"))
        for g in ("Lan", "Mai", "Hoa", "Linh", "Trang", "Thảo", "Ngọc", "Yến")
    ]
    assert rank(probe, others) == []


def test_namesakes_born_the_same_year_count_for_less():
    probe = make_record(family_name="Nguyễn", middle_name="Thị", given_name="Hương", sex="female", birth_date="1995")
    one = make_record(
        family_name="Nguyễn", middle_name="Thị", given_name="Hương", sex="female", birth_date="1995-04-02"
    )
    alone = rank(probe, [("a", one)])
    assert [c.person for c in alone] == ["a"] and alone[0].level == "possible"
    many = rank(probe, [(str(i), one) for i in range(6)])
    assert not any(c.is_likely for c in many) and len(many) < 6
    # With more evidence (same province, phone), the person stands out from the namesakes.
    better = make_record(**{**HUONG, "birth_date": "1995-04-02", "phone": "+84912345678"})
    shown = rank(
        make_record(**{**HUONG, "birth_date": "1995", "phone": "+84912345678"}),
        [("p", better)] + [(str(i), one) for i in range(6)],
    )
    assert shown[0].person == "p" and shown[0].is_likely


def test_the_name_order_is_read_from_the_names_themselves():
    # "Vân" is a given name, not the middle name Văn; typed without diacritics, "van" may be either.
    r = make_record(family_name="VAN", middle_name="THANH", given_name="LE")
    assert ("le", "van") in {(x.family.folded, x.given.folded) for x in r.readings}
    # "Trân" is a given name although "Trần" folds to the same letters.
    r = make_record(family_name="Hồ", middle_name="Thị", given_name="Trân")
    assert r.readings[0].family.folded == "ho" and r.readings[0].given.folded == "tran"


def test_same_id_number_is_always_shown_and_reasons_are_words():
    a = make_record(family_name="Thạch", given_name="Sa", id_number="094199012345", birth_date="1999-03-17")
    b = make_record(family_name="Danh", given_name="Rinh", id_number="094199012345")
    shown = rank(a, [("b", b)])
    assert len(shown) == 1 and "same ID number" in shown[0].reasons
    top = rank(make_record(**HUONG), [("x", make_record(**{**HUONG, **VARIANTS["day/month swapped"]}))])[0]
    assert top.level == "likely"
    assert "birth date with day and month swapped" in top.reasons


def test_match_key_kinds_agree_with_the_model():
    kinds = {v for k, v in vars(matching).items() if k.startswith("KIND_")}
    assert kinds == set(MatchKeyKind.values)


# --------------------------------------------------------------------------- selector (database)
def probe(**values) -> PersonInput:
    data = {k: v for k, v in HUONG.items() if k != "province"}
    data["birth_date"] = "12/05/1998"
    data.update(values)
    return PersonInput(**data)


def ids(candidates) -> list:
    return [c.person.pk for c in candidates]


VARIATION_INPUTS = {
    "diacritics dropped": {"family_name": "Nguyen", "middle_name": "Thi", "given_name": "Huong"},
    "upper case": {"family_name": "NGUYEN", "middle_name": "THI", "given_name": "HUONG"},
    "given name first": {"family_name": "Hương", "middle_name": "Nguyễn", "given_name": "Thị"},
    "western order, no diacritics": {"family_name": "Huong", "middle_name": "Thi", "given_name": "Nguyen"},
    "missing middle name": {"middle_name": ""},
    "one typo in given name": {"given_name": "Hươg"},
    "day/month swapped": {"birth_date": "05/12/1998"},
    "year only": {"birth_date": "1998"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("variation", VARIATION_INPUTS)
def test_the_registered_person_is_found_across_entry_variations(variation):
    user = UserFactory()
    original = register(user, phone="", id_number="")
    for given in ("Lan", "Mai", "Hoa"):  # namesakes that must stay out
        register(user, given_name=given, phone="", id_number="")
    shown = person_duplicate_candidates(user=user, data=probe(**VARIATION_INPUTS[variation]))
    assert ids(shown) == [original.pk]


@pytest.mark.django_db
def test_hmong_clan_spelling_and_former_province_are_found():
    from safepath.places.models import LegacyProvince

    legacy = LegacyProvince.objects.exclude(successor_id=F("code")).first()
    user = UserFactory()
    original = register(
        user,
        family_name="Vàng",
        middle_name="Thị",
        given_name="Dua",
        birth_date="2001",
        phone="",
        id_number="",
        origin_province_id=legacy.successor_id,
    )
    shown = person_duplicate_candidates(
        user=user,
        data=PersonInput(family_name="Vaj", given_name="Dua", sex="female", origin_legacy_province_id=legacy.pk),
    )
    assert ids(shown) == [original.pk]
    assert any("spelled differently" in r for r in shown[0].reasons)
    assert "same province of origin (one record gives the former province)" in shown[0].reasons


@pytest.mark.django_db
def test_thirty_nguyen_thi_born_the_same_year_do_not_flood_the_list():
    user = UserFactory()
    givens = [
        "Lan", "Mai", "Hoa", "Linh", "Trang", "Thảo", "Ngọc", "Yến", "Hà", "Hạnh", "Huyền", "Nga", "Nhung", "Phương",
        "Quỳnh", "Tâm", "Thu", "Thủy", "Trinh", "Vân", "Anh", "Châu", "Diệp", "Dung", "Giang", "Hằng", "Hiền", "Loan",
        "Ly", "My",
    ]  # fmt: skip
    for given in givens:
        register(user, given_name=given, birth_date="1998", phone="", id_number="")
    # Namesakes born the same year on other days are other persons too.
    for day in ("03/02/1998", "17/08/1998", "29/11/1998"):
        register(user, birth_date=day, phone="", id_number="")
    original = register(user, phone="", id_number="")
    shown = person_duplicate_candidates(user=user, data=probe(phone="", id_number=""))
    assert ids(shown) == [original.pk]


@pytest.mark.django_db
def test_persons_of_other_agencies_never_appear():
    user = UserFactory()
    other = UserFactory()
    theirs = register(other)
    assert person_duplicate_candidates(user=user, data=probe()) == []
    assert not AccessEvent.objects.filter(actor=user, action="search").exists()
    mine = register(user, phone="", id_number="")
    assert ids(person_duplicate_candidates(user=user, data=probe())) == [mine.pk]
    assert ids(person_duplicate_candidates(user=other, data=probe())) == [theirs.pk]


@pytest.mark.django_db
def test_users_without_access_to_persons_get_nothing():
    owner = UserFactory()
    register(owner)
    analyst = UserFactory(roles=[Role.ANALYST], agency=owner.agency)
    assert person_duplicate_candidates(user=analyst, data=probe()) == []


@pytest.mark.django_db
def test_one_audit_entry_with_the_ids_shown_and_never_the_names():
    user = UserFactory()
    a = register(user, phone="", id_number="")
    b = register(
        user, family_name="Nguyen", middle_name="", given_name="Huong", birth_date="1998", phone="", id_number=""
    )
    before = AccessEvent.objects.count()
    shown = person_duplicate_candidates(user=user, data=probe())
    assert set(ids(shown)) == {a.pk, b.pk}
    event = AccessEvent.objects.get(seq__gt=before)
    assert event.action == "search" and event.purpose == "duplicate check"
    assert event.object_ids == [str(pk) for pk in ids(shown)]
    assert "Hương" not in str(event.detail) and "huong" not in str(event.detail).lower()
    # Nothing shown, nothing logged.
    before = AccessEvent.objects.count()
    assert person_duplicate_candidates(user=user, data=probe(given_name="Khánh", birth_date="1970")) == []
    assert AccessEvent.objects.count() == before


@pytest.mark.django_db
def test_match_keys_are_blind_indexes_never_plaintext():
    user = UserFactory()
    person = register(user)
    keys = list(PersonMatchKey.objects.filter(person=person).values_list("kind", "key"))
    assert keys and all(re.fullmatch(r"[0-9a-f]{64}", key) for _kind, key in keys)
    plain = {v for _k, v in stored_keys(make_record(**HUONG))} | {
        "huong",
        "nguyen",
        normalize_name("Nguyễn Thị Hương"),
        "1998-05-12",
        "+84912345678",
        "038198001234",
    }
    assert not plain & {key for _kind, key in keys}
    with connection.cursor() as cur:
        cur.execute("SELECT key FROM people_personmatchkey")
        stored = " ".join(row[0] for row in cur.fetchall())
    for needle in ("huong", "nguyen", "1998", "912345678"):
        assert needle not in stored


@pytest.mark.django_db
def test_keys_follow_an_update_and_can_be_rebuilt():
    user = UserFactory()
    person = register(user, phone="", id_number="")
    before = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    data = person_input_from(person)
    data.given_name = "Lan"
    person_update(actor=user, person=person, data=data)
    after = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert after and after != before
    assert hashed_keys([(matching.KIND_GIVEN_YEAR, "huong|1998|n")]).keys() <= before - after
    assert person_duplicate_candidates(user=user, data=probe()) == []
    assert ids(person_duplicate_candidates(user=user, data=probe(given_name="Lan"))) == [person.pk]
    PersonMatchKey.objects.all().delete()
    assert person_match_keys_rebuild() == 1
    assert set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True)) == after


# --------------------------------------------------------------------------- views
FORM = {
    "family_name": "Nguyen",
    "middle_name": "Thi",
    "given_name": "Huong",
    "sex": "female",
    "birth_date": "12/05/1998",
    "phone": "",
    "id_number": "",
}


@pytest.fixture
def caseworker(client, settings):
    user = UserFactory(roles=[Role.CASEWORKER])
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages below are read in English
    return user


@pytest.mark.django_db
def test_htmx_panel_lists_likely_matches(client, caseworker):
    original = register(caseworker, phone="", id_number="")
    response = client.post(reverse("people:duplicates"), FORM, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert reverse("people:detail", args=[original.pk]) in html
    assert "Nguyễn Thị Hương" in html and "12/05/1998" in html
    assert "same date of birth" in html and "likely the same person" in html
    assert 'name="not_a_duplicate"' in html
    assert "0912" not in html and "038198001234" not in html  # no phone or ID number in the summary
    empty = client.post(reverse("people:duplicates"), {"family_name": "Trần", "given_name": "Bảo"})
    assert empty.status_code == 200 and "duplicate-list" not in empty.content.decode()


@pytest.mark.django_db
def test_the_registration_form_wires_the_panel(client, caseworker):
    html = client.get(reverse("people:create")).content.decode()
    assert f'hx-post="{reverse("people:duplicates")}"' in html
    assert html.count("js-duplicate-check") >= 5


@pytest.mark.django_db
def test_duplicate_panel_needs_post_and_the_right_to_register(client):
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert client.post(reverse("people:duplicates"), FORM).status_code == 403
    client.force_login(UserFactory(roles=[Role.CASEWORKER]))
    assert client.get(reverse("people:duplicates")).status_code == 405


@pytest.mark.django_db
def test_without_javascript_a_likely_duplicate_must_be_acknowledged(client, caseworker):
    original = register(caseworker, phone="", id_number="")
    response = client.post(reverse("people:create"), FORM)
    assert response.status_code == 400
    html = response.content.decode()
    assert Person.objects.count() == 1
    assert reverse("people:detail", args=[original.pk]) in html
    assert 'id="duplicates-not-saved"' in html
    assert 'name="not_a_duplicate"' in html
    assert 'value="Huong"' in html and 'value="Nguyen"' in html  # what was typed is kept
    response = client.post(reverse("people:create"), {**FORM, "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_registration_without_matches_goes_straight_through(client, caseworker):
    register(caseworker, given_name="Lan", phone="", id_number="")
    response = client.post(reverse("people:create"), FORM)
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_possible_match_is_shown_but_does_not_hold_up_registration(client, caseworker):
    register(caseworker, phone="", id_number="")
    year_only = {**FORM, "birth_date": "1998"}
    html = client.post(reverse("people:duplicates"), year_only, headers={"HX-Request": "true"}).content.decode()
    assert "possibly the same person" in html and 'name="not_a_duplicate"' not in html
    assert client.post(reverse("people:create"), year_only).status_code == 302
