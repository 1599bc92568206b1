from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ReintegrationConfig(AppConfig):
    name = "safepath.reintegration"
    label = "reintegration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safepath.reintegration import checks  # noqa: F401  (registers the system check)
        from safepath.reintegration.indicators import IndicatorError, registry

        # Validate the indicator files now: a broken file stops start-up with a message that says
        # which file, where and what, instead of failing in the middle of a follow-up visit.
        try:
            registry()
        except IndicatorError as exc:
            raise ImproperlyConfigured(str(exc)) from None
