"""No plaintext name, phone, ID number, date of birth, address or e-mail anywhere in the database,
in the change log, in the access log or in the logs, after a realistic round of work."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from safepath.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "family_name": "Thạch",
    "middle_name": "Thị",
    "given_name": "Sa Rươne",
    "birth_date": "17/03/1999",
    "phone": "0358 123 987",
    "id_number": "094199012345",
    "email": "sa.ruone@example.vn",
    "address": "Số nhà 4/17 ngõ Hoa Sữa Xanh",
    "aliases": "Chị Sa\nSarah Thach",
}
NEEDLES = [
    "Thạch Thị Sa Rươne",
    "Sa Rươne",
    "Sarah Thach",
    "0358123987",
    "+84358123987",
    "358123987",
    "094199012345",
    "1999-03-17",
    "17/03/1999",
    "sa.ruone@example.vn",
    "ngõ Hoa Sữa Xanh",
    "4/17",
]


def _database_bytes() -> bytes:
    """Everything the database holds, as text: SQLite's full SQL dump, or every row of every table."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump()).encode()
    chunks = []
    with connection.cursor() as cur:
        for model in apps.get_models():
            cur.execute(f'SELECT t::text FROM "{model._meta.db_table}" t')
            chunks.extend(row[0] for row in cur.fetchall())
    return "\n".join(chunks).encode()


def test_a_round_of_work_leaves_no_plaintext(client, caplog):
    caplog.set_level(logging.DEBUG)
    user = UserFactory(roles=[Role.CASEWORKER])
    client.force_login(user)
    response = client.post(reverse("people:create"), {**SECRETS, "sex": "female"})
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = client.get(response["Location"])
    assert "Sa Rươne" in detail.content.decode()
    client.get(reverse("people:list"), {"q": "thach thi sa ruone"})
    client.get(reverse("people:list"), {"q": "0358 123 987"})
    edit_url = response["Location"] + "edit/"
    client.post(edit_url, {**SECRETS, "sex": "female", "given_name": "Sa Rươne Mới", "phone": "0358 123 986"})
    raw = _database_bytes()
    logs = caplog.text.encode()
    for needle in [*NEEDLES, "Sa Rươne Mới", "0358123986"]:
        for form in ("NFC", "NFD"):
            encoded = unicodedata.normalize(form, needle).encode()
            assert encoded not in raw, f"{needle!r} found in the database"
            assert encoded not in logs, f"{needle!r} found in the logs"
