"""The reference code of a help request: 8 characters the person can read out on the phone ("7KQ2-M9XD").

It is the first 40 bits of the intake item's random id, in Crockford's base 32 (no I, L, O or U, so
nothing to confuse), so it is derived from the stored item and needs no column of its own; staff find
the item again with a range query on the id. Codes are unique in practice (40 random bits) and are
looked up within the staff member's own intake queue; if two items ever share one, both are listed.
"""

from __future__ import annotations

import uuid
from typing import Any

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def code_for(item_id: Any) -> str:
    value = uuid.UUID(str(item_id)).int >> (128 - 5 * LENGTH)
    chars = []
    for _i in range(LENGTH):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    code = "".join(reversed(chars))
    return f"{code[:4]}-{code[4:]}"


def normalize(text: str) -> str:
    """What someone typed or read out, as a code: case, spaces, dashes and look-alikes forgiven; '' if not one."""
    code = "".join(ch for ch in str(text or "").upper().translate(_LOOKALIKES) if ch.isalnum())
    return code if len(code) == LENGTH and all(ch in ALPHABET for ch in code) else ""


def id_range(text: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The smallest and largest item id that have this code (None if it is not a code)."""
    code = normalize(text)
    if not code:
        return None
    value = 0
    for ch in code:
        value = (value << 5) | ALPHABET.index(ch)
    shift = 128 - 5 * LENGTH
    low = value << shift
    high = low | ((1 << shift) - 1)
    return uuid.UUID(int=low), uuid.UUID(int=high)
