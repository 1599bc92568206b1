from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ScreeningConfig(AppConfig):
    name = "safepath.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safepath.screening import checks  # noqa: F401  (registers the system checks)
        from safepath.screening.instruments import InstrumentError, registry

        # Validate every instrument file now: a broken file stops start-up with a message that
        # says which file, where and what, instead of failing half-way through an interview.
        try:
            registry()
        except InstrumentError as exc:
            raise ImproperlyConfigured(str(exc)) from None
