"""Test profile: the base settings with fast hashing, immediate tasks and a fixed test key ring."""

import base64

from safepath.config.settings.base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SAFEPATH_KEYRING = (
    '{"active": "t1", "keys": {"t1": "'
    + base64.b64encode(b"t" * 32).decode()
    + '"}, "index_key": "'
    + base64.b64encode(b"i" * 32).decode()
    + '"}'
)
AXES_FAILURE_LIMIT = 5
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A small instrument the tests can reason about by hand, beside the shipped ones.
SAFEPATH_INSTRUMENT_DIRS = [str(BASE_DIR / "tests" / "screening" / "instruments")]
