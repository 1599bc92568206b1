"""SafePath benchmarks: `make bench`. Each figure is printed beside a baseline measured in the same run.

1. Person search by name (blind-index tokens, policy scope, decryption of the page shown, audit
   entry) against the bare SQL that finds the same rows by the same token hashes.
2. Opening a list page of 25 persons (decrypting every identity field) against fetching the same
   rows' raw columns with plain SQL.
3. AES-GCM encryption of one field through the key ring against calling `cryptography` directly.
4. The duplicate check at registration (benchmarks/dupcheck.py): precision, recall and the time of
   one check at 10k and 100k persons, against the bare SQL look-up of the same keys
   (BENCH_DUPCHECK=0 skips it; DUPCHECK_SIZES changes the sizes).

Runs on a throw-away SQLite database under var/bench/ (or on DATABASE_URL when set).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERSONS = int(os.environ.get("BENCH_PERSONS", "3000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))


def timed(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95) - 1] * 1000


def report(name: str, ours: tuple[float, float], base: tuple[float, float], base_name: str) -> None:
    ratio = ours[0] / base[0] if base[0] else float("inf")
    print(
        f"{name:<44} median {ours[0]:8.3f} ms  p95 {ours[1]:8.3f} ms | {base_name}: median {base[0]:8.3f} ms  -> x{ratio:.1f}"
    )


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-", dir=ROOT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["SAFEPATH_VAR_DIR"] = str(tmp)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases

    from safepath.accounts.models import Agency, User, UserRole
    from safepath.core.context import RequestContext, set_context
    from safepath.core.crypto import get_keyring
    from safepath.demo.population import generate_population
    from safepath.people.models import Person
    from safepath.people.selectors import person_queryset_visible_to, person_search
    from safepath.people.services import PersonInput, person_register

    set_context(RequestContext(channel="cli"))
    old = setup_databases(verbosity=0, interactive=False) if "postgres" in os.environ["DATABASE_URL"] else None
    if old is None:
        call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="BENCH", name_vi="Bench", name_en="Bench", type="mrc")
    user = User.objects.create(username="bench", agency=agency)
    UserRole.objects.create(user=user, role="caseworker")
    people = generate_population(count=PERSONS, seed=7)
    t0 = time.perf_counter()
    for p in people:
        person_register(
            actor=user,
            data=PersonInput(
                family_name=p.family_name,
                middle_name=p.middle_name,
                given_name=p.given_name,
                sex=p.sex,
                birth_date=p.birth_date,
                phone=p.phone,
                id_number=p.id_number,
                aliases=list(p.aliases),
            ),
        )
    load = time.perf_counter() - t0
    print(
        f"SafePath benchmarks on {connection.vendor}, {PERSONS} persons "
        f"(registered in {load:.1f} s, {1000 * load / PERSONS:.2f} ms each incl. encryption, indexes, audit)"
    )

    ring = get_keyring()
    probes = [f"{p.family_name} {p.middle_name} {p.given_name}".lower() for p in people[:: max(1, PERSONS // 40)]]
    from safepath.core.normalize import name_tokens

    hashed = [[ring.blind_index(t, purpose="person.name_token") for t in name_tokens(q)] for q in probes]
    it = iter(range(10**9))

    def ours_search() -> None:
        i = next(it) % len(probes)
        person_search(user=user, text=probes[i], limit=25)

    def raw_search() -> None:
        i = next(it) % len(hashed)
        hs = hashed[i]
        marks = ",".join(["%s"] * len(hs))
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT p.id, p.family_name, p.middle_name, p.given_name FROM people_person p WHERE p.id IN ("  # noqa: S608
                f"SELECT person_id FROM people_personnametoken WHERE token IN ({marks}) "
                f"GROUP BY person_id HAVING COUNT(DISTINCT token) = %s) AND p.registered_by_agency_id = %s "
                f"ORDER BY p.created_at DESC LIMIT 25",
                [*hs, len(hs), agency.pk.hex if connection.vendor == "sqlite" else agency.pk],
            )
            cur.fetchall()

    report("search by name (tokens, scope, decrypt, audit)", timed(ours_search), timed(raw_search), "raw SQL")

    def ours_page() -> None:
        for p in person_queryset_visible_to(user=user).order_by("-created_at")[:25]:
            _ = (p.full_name, p.phone, p.id_number, p.birth_date)

    def raw_page() -> None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT family_name, middle_name, given_name, phone, id_number, birth_date FROM people_person "
                "ORDER BY created_at DESC LIMIT 25"
            )
            cur.fetchall()

    report("list page of 25 (decrypt 6 fields each)", timed(ours_page), timed(raw_page), "raw SQL, no decryption")

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = ring.keys[ring.active_id]
    aes = AESGCM(key)
    nonce = os.urandom(12)
    report(
        "encrypt one field via the key ring",
        timed(lambda: ring.encrypt("Nguyễn Thị Hương", aad="people.person.given_name"), 2000),
        timed(lambda: aes.encrypt(nonce, "Nguyễn Thị Hương".encode(), b"people.person.given_name"), 2000),
        "AESGCM direct",
    )
    print(f"persons in table: {Person.objects.count()}")

    if os.environ.get("BENCH_DUPCHECK", "1") != "0":
        # 4. The duplicate check at registration, at 10k and 100k persons (see benchmarks/dupcheck.py).
        from benchmarks.dupcheck import run as dupcheck_run

        dupcheck_run()
    connection.close()
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
