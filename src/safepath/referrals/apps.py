from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "safepath.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safepath.cases.services import CONSENT_WITHDRAWAL_HOOKS
        from safepath.referrals.services import consent_withdrawn

        if consent_withdrawn not in CONSENT_WITHDRAWAL_HOOKS:
            CONSENT_WITHDRAWAL_HOOKS.append(consent_withdrawn)
