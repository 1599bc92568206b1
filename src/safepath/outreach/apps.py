from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "safepath.outreach"
    label = "outreach"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.outreach.models import Event, Material, MaterialStock, Participant

        # The change log of events, materials, stock settings and registered participants: which fields
        # changed, never the encrypted values (a trainee's name, organisation, position and contact).
        auditlog.register(Event, exclude_fields=["updated_at"], m2m_fields={"partners"})
        auditlog.register(Material, exclude_fields=["updated_at"])
        auditlog.register(MaterialStock)
        auditlog.register(
            Participant,
            mask_fields=["name", "organisation", "position", "contact"],
            mask_callable="safepath.core.masking.mask_encrypted",
        )
