from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safepath.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.cases.models import Case

        # Which fields changed, never the encrypted values.
        auditlog.register(
            Case,
            mask_fields=["summary", "closure_request_note"],
            mask_callable="safepath.core.masking.mask_encrypted",
            exclude_fields=["version", "updated_at"],
            m2m_fields={"transit_countries"},
        )
