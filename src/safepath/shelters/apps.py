from django.apps import AppConfig


class SheltersConfig(AppConfig):
    name = "safepath.shelters"
    label = "shelters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.shelters.models import Bed, Facility, Room, Stay, StayExtension

        # Which fields changed, never the encrypted values.
        mask = "safepath.core.masking.mask_encrypted"
        auditlog.register(Facility, exclude_fields=["updated_at"])
        auditlog.register(Room)
        auditlog.register(Bed)
        auditlog.register(
            Stay,
            mask_fields=["follow_up_plan", "admission_note"],
            mask_callable=mask,
            exclude_fields=["version", "updated_at", "near_limit_alerted_for", "over_limit_alerted_for"],
        )
        auditlog.register(StayExtension, mask_fields=["reason", "decision_note"], mask_callable=mask)
