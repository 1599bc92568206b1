"""What each kind of notification says. Parameters are reference numbers, dates and counts only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Any] = {
    "referral_received": _("New referral {reference} from {from_agency}: {service}. Answer by {due_on}."),
    "referral_accepted": _("Referral {reference} was accepted by {to_agency}."),
    "referral_declined": _("Referral {reference} was declined by {to_agency}."),
    "referral_booked": _("Referral {reference}: {to_agency} booked the service for {booked_for}."),
    "referral_completed": _("Referral {reference}: {to_agency} recorded the service as delivered."),
    "referral_overdue": _("Referral {reference} to {to_agency} has had no answer since {sent_on}."),
    "referral_withdrawn": _("Referral {reference} was withdrawn: {reason}."),
    "transfer_received": _("Case transfer {reference} from {from_agency} is waiting for your acceptance."),
    "transfer_accepted": _("Case transfer {reference} was accepted by {to_agency}."),
    "transfer_declined": _("Case transfer {reference} was declined by {to_agency}."),
    "transfer_overdue": _("Case transfer {reference} to {to_agency} has had no answer since {sent_on}."),
    "stay_near_limit": _("Stay of case {case} at {facility} reaches its limit on {planned_discharge_on}."),
    "stay_over_limit": _("Stay of case {case} at {facility} passed its limit on {planned_discharge_on}."),
    "extension_requested": _("Extension of the stay of case {case} at {facility} waits for your approval."),
    "extension_approved": _(
        "Extension of the stay of case {case} at {facility} approved: planned discharge now {planned_discharge_on}."
    ),
    "extension_refused": _("Extension of the stay of case {case} at {facility} was refused."),
    "followup_overdue": _("Follow-up visit of case {case} was due on {due_on}."),
}


class _Default(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "…"


def render(kind: str, params: dict[str, Any]) -> str:
    template = KINDS.get(kind)
    if template is None:
        return str(kind)
    return str(template).format_map(_Default({k: str(v) for k, v in (params or {}).items()}))
