"""Load the deterministic demo data set: the agencies, their staff, and two years of casework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from safepath.accounts.models import Agency, User, UserRole
from safepath.accounts.services import agency_create
from safepath.audit.models import Action, Channel
from safepath.audit.services import audit_record
from safepath.core.context import RequestContext, reset_context, set_context
from safepath.demo.agencies import AGENCIES, DEMO_PASSWORD, STAFF, USERS, intake_email
from safepath.demo.casework import SEED, load_casework
from safepath.places.models import Province

# progress(step, done, total): what the loader is doing, for the command line.
Progress = Callable[[str, int, int], None]


# The referral network on top of the casework, in dependency order: the directory first.
NETWORK_DEMOS = [
    "safepath.directory.demo",
    "safepath.referrals.demo",
    "safepath.shelters.demo",
    "safepath.reintegration.demo",
    "safepath.feedback.demo",
    "safepath.recruiters.demo",
    "safepath.outreach.demo",
    "safepath.portal.demo",
]


def _network(
    *, agencies: dict[str, Agency], users: dict[str, User], seed: int, today: dt.date | None, progress: Progress | None
) -> dict[str, int]:
    import random
    from importlib import import_module

    from django.utils import timezone

    day = today or timezone.localdate()
    counts: dict[str, int] = {}
    for i, dotted in enumerate(NETWORK_DEMOS, start=1):
        module = import_module(dotted)
        counts.update(module.load_demo(agencies=agencies, users=users, today=day, rng=random.Random(seed + i)))  # noqa: S311 (demo data)
        if progress:
            progress(dotted.split(".")[1], i, len(NETWORK_DEMOS))
    return counts


def demo_is_loaded() -> bool:
    return Agency.objects.exists()


def demo_load(
    *, scale: float = 1.0, seed: int = SEED, today: dt.date | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Create the demo data in one transaction. Does nothing (returns {}) when the database already has agencies.

    `scale` multiplies the number of cases, consultations and intake items (1.0: about 5,800 cases);
    tests use a small scale. The agencies and the staff are the same at every scale.
    """
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
                    intake_email=intake_email(code, type_),
                )
            # One hash for the published demo password: hashing it per account would add seconds.
            password = make_password(DEMO_PASSWORD)
            users: dict[str, User] = {}
            for username, display, agency_code, roles in USERS + STAFF:
                user = User(username=username, last_name=display, agency=agencies[agency_code], password=password)
                user.save()
                UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
                users[username] = user
            if progress:
                progress("agencies and staff", len(users), len(users))
            counts = load_casework(
                agencies=agencies, users=users, scale=scale, seed=seed, today=today, progress=progress
            )
            counts = {"agencies": len(agencies), "users": len(users), **counts}
            counts.update(_network(agencies=agencies, users=users, seed=seed, today=today, progress=progress))
            # One entry for the whole load: the rows were written by this command, not by the staff
            # they name, so no per-row entries claim that anyone viewed or changed them.
            audit_record(
                actor=None,
                action=Action.CREATE,
                channel=Channel.CLI,
                purpose="demo_load",
                detail={"demo_data": counts, "scale": scale, "seed": seed},
            )
        return counts
    finally:
        reset_context(token)
