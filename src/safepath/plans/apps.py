from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class PlansConfig(AppConfig):
    name = "safepath.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safepath.plans.entitlements import rule_sets
        from safepath.screening.instruments import InstrumentError

        try:
            rule_sets()  # the dated entitlement rules: a broken file stops start-up with its message
        except InstrumentError as exc:
            raise ImproperlyConfigured(str(exc)) from None
