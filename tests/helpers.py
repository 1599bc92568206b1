from __future__ import annotations

from safepath.people.services import PersonInput, person_register


def register(actor, **overrides):
    data = {
        "family_name": "Nguyễn",
        "middle_name": "Thị",
        "given_name": "Hương",
        "sex": "female",
        "birth_date": "12/05/1998",
        "phone": "0912 345 678",
        "id_number": "038198001234",
    }
    data.update(overrides)
    return person_register(actor=actor, data=PersonInput(**data))
