from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "safepath.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.accounts.services import AGENCY_SAVED_HOOKS
        from safepath.directory.models import ProviderService, ServiceProvider, StakeholderContact
        from safepath.directory.services import agency_saved

        if agency_saved not in AGENCY_SAVED_HOOKS:  # every agency has its entry in the directory
            AGENCY_SAVED_HOOKS.append(agency_saved)

        # The directory holds organisations, not persons: its change log keeps the values.
        derived = ["sort_key", "search_text", "updated_at"]
        auditlog.register(ServiceProvider, exclude_fields=derived)
        auditlog.register(ProviderService, exclude_fields=["search_text"], m2m_fields={"provinces"})
        auditlog.register(StakeholderContact, exclude_fields=["updated_at"])
