from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safepath.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from safepath.people.models import Person
        from safepath.people.services import IDENTITY_FIELDS

        # The change log keeps which encrypted fields changed, never their values; blind
        # indexes are left out altogether (they are derived and would allow correlation).
        auditlog.register(
            Person,
            mask_fields=list(IDENTITY_FIELDS),
            mask_callable="safepath.core.masking.mask_encrypted",
            exclude_fields=["full_name_bidx", "phone_bidx", "email_bidx", "id_number_bidx"],
        )
