"""Model fields whose values are stored AES-GCM encrypted (see safepath.core.crypto)."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.db import models

from safepath.core.crypto import get_keyring


class EncryptedTextField(models.TextField):
    """A text value stored encrypted; the model sees plaintext.

    Encrypted columns cannot be filtered or ordered on in SQL: look them up through a
    blind-index column instead. Empty strings are stored as empty strings (nothing to hide, and
    "no phone number" must stay distinguishable without decrypting).
    """

    description = "Text encrypted with AES-GCM"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @property
    def aad(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}.{self.name}"

    # value (python, plaintext) <-> db (ciphertext)
    def to_plain(self, value: Any) -> str:
        return "" if value is None else str(value)

    def from_plain(self, value: str) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        plain = self.to_plain(value)
        if plain == "":
            return ""
        return get_keyring().encrypt(plain, aad=self.aad)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.from_plain("")
        return self.from_plain(get_keyring().decrypt(value, aad=self.aad))

    def to_python(self, value: Any) -> Any:
        return value

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            # A lookup on ciphertext would silently match nothing: fail loudly instead.
            raise TypeError(f"{self.model.__name__}.{self.name} is encrypted; use its blind index to look it up.")
        return super().get_lookup(lookup_name)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (list or dict) stored encrypted."""

    description = "JSON encrypted with AES-GCM"
    # For django-stubs: the model attribute holds a list or dict, not the text column's str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        if value in (None, "", [], {}):
            return ""
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_plain(self, value: str) -> Any:
        return json.loads(value) if value else self.get_default()  # an empty list, or dict, as declared

    def value_to_string(self, obj: Any) -> str:
        return self.to_plain(self.value_from_object(obj))


class EncryptedBinaryField(EncryptedTextField):
    """Bytes (an attachment's content) stored encrypted: base64 inside the AES-GCM token.

    Being a subclass of EncryptedTextField, key rotation re-encrypts it like any other column.
    Lists should `.defer()` it: a value is decrypted whenever the row is loaded.
    """

    description = "Binary data encrypted with AES-GCM"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", b"")
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        if not value:
            return ""
        if isinstance(value, memoryview):
            value = value.tobytes()
        if isinstance(value, str):  # already base64 (a fixture, a form)
            return value
        return base64.b64encode(value).decode("ascii")

    def from_plain(self, value: str) -> Any:
        return base64.b64decode(value) if value else b""

    def value_to_string(self, obj: Any) -> str:
        return self.to_plain(self.value_from_object(obj))
