from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Key management: the key ring commands and re-encryption, which write to the access log."""

    name = "safepath.security"
    label = "security"
    default_auto_field = "django.db.models.BigAutoField"
