from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safepath.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.accounts import signals  # noqa: F401  (login/logout into the access log)
        from safepath.accounts.models import Agency, User, UserRole

        auditlog.register(Agency)
        auditlog.register(User, exclude_fields=["password", "last_login", "updated_at"])
        auditlog.register(UserRole)
