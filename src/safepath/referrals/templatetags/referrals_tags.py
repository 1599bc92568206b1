from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("referrals/_case_panel.html", takes_context=True)
def referrals_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's referrals and transfers (the page has opened and audited the case)."""
    from safepath.referrals.selectors import case_referrals, case_transfers

    user = context["request"].user
    return {
        "case": case,
        "referrals": case_referrals(case=case),
        "transfers": case_transfers(case=case),
        "can_refer": user.has_perm("referrals.add_referral", case),
        "can_transfer": user.has_perm("referrals.add_transfer", case),
    }
