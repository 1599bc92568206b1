"""Load the deterministic demo data set (agencies, one user per role, a few hundred persons)."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction

from safepath.accounts.models import Agency, User, UserRole
from safepath.accounts.services import agency_create
from safepath.core.context import RequestContext, reset_context, set_context
from safepath.demo.agencies import AGENCIES, DEMO_PASSWORD, USERS
from safepath.demo.population import generate_population
from safepath.people.services import PersonInput, person_register
from safepath.places.models import Province, Ward

Progress = Callable[[int, int], None]
DEMO_PERSONS = 300
# Which demo agency registered each person: two agencies, so the walls between them show.
HOLDERS = [("caseworker", 0.6), ("caseworker2", 0.4)]


def demo_is_loaded() -> bool:
    return Agency.objects.exists()


def demo_load(*, persons: int = DEMO_PERSONS, seed: int = 2012, progress: Progress | None = None) -> dict[str, int]:
    """Create the demo data. Does nothing when the database already has agencies."""
    if demo_is_loaded():
        return {}
    token = set_context(RequestContext(channel="cli"))
    try:
        with transaction.atomic():
            provinces = {p.name: p for p in Province.objects.all()}
            agencies: dict[str, Agency] = {}
            for code, name_vi, name_en, type_, province_name in AGENCIES:
                province = provinces.get(province_name)
                agencies[code] = agency_create(
                    actor=None,
                    code=code,
                    name_vi=name_vi,
                    name_en=name_en,
                    type=type_,
                    province_id=province.pk if province else None,
                )
            users: dict[str, User] = {}
            for username, display, agency_code, roles in USERS:
                user = User(username=username, last_name=display, agency=agencies[agency_code])
                user.set_password(DEMO_PASSWORD)
                user.save()
                UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
                users[username] = user
        rng = random.Random(seed)  # noqa: S311 (deterministic demo data, not security)
        people = generate_population(count=persons, seed=seed)
        wards_by_province: dict[str, list[str]] = {}
        for code, province in Ward.objects.values_list("code", "province_id"):
            wards_by_province.setdefault(province, []).append(code)
        holders = [users[name] for name, _ in HOLDERS]
        weights = [w for _, w in HOLDERS]
        for i, p in enumerate(people, start=1):
            actor = rng.choices(holders, weights)[0]
            wards = wards_by_province.get(p.origin_province_code) or []
            person_register(
                actor=actor,
                data=PersonInput(
                    family_name=p.family_name,
                    middle_name=p.middle_name,
                    given_name=p.given_name,
                    aliases=list(p.aliases),
                    sex=p.sex,
                    birth_date=p.birth_date,
                    phone=p.phone,
                    id_number=p.id_number,
                    ethnicity_id=p.ethnicity_code,
                    origin_province_id=p.origin_province_code,
                    origin_ward_id=rng.choice(wards) if wards and rng.random() < 0.7 else None,
                    origin_legacy_province_id=p.origin_legacy_province_code or None,
                    languages=list(p.languages),
                ),
            )
            if progress and (i % 25 == 0 or i == len(people)):
                progress(i, len(people))
        return {"agencies": len(agencies), "users": len(users), "persons": len(people)}
    finally:
        reset_context(token)
