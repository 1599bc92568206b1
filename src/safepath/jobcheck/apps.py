from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class JobcheckConfig(AppConfig):
    name = "safepath.jobcheck"
    label = "jobcheck"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The dated fee caps and red-flag rules: a broken file stops start-up with its message.
        from safepath.jobcheck.fees import FeeDataError, fee_data
        from safepath.jobcheck.offers import check_rules_match_texts
        from safepath.jobcheck.rules import RulesError, rules

        try:
            fee_data()
            problems = check_rules_match_texts(rules())
        except (FeeDataError, RulesError) as exc:
            raise ImproperlyConfigured(str(exc)) from None
        if problems:
            raise ImproperlyConfigured("Red-flag rules and offers.py disagree: " + "; ".join(problems))
