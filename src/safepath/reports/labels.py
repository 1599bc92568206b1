"""Names of the codes a figure is broken down by, in the page's language.

``label_map(list_key)`` gives ``{code: label}`` for a code list ("sex", "province", "topic", ...);
``category_order(list_key)`` the codes in the order tables and charts show them (None: order by
label). Unknown codes are shown as they are; "unknown" and empty values as "Not recorded".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from safepath.reports.sources import UNKNOWN

NOT_RECORDED: Final = gettext_lazy("Not recorded")


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _choices(path: str, name: str) -> Callable[[], dict[str, Any]]:
    def read() -> dict[str, Any]:
        import importlib

        module = importlib.import_module(path)
        return {str(k): v for k, v in getattr(module, name).choices}

    return read


def _provinces() -> dict[str, Any]:
    from safepath.places.models import Province

    field = "name_en" if _english() else "name"
    return {p["code"]: p[field] for p in Province.objects.values("code", field)}


def _legacy_provinces() -> dict[str, Any]:
    from safepath.places.models import LegacyProvince

    field = "name_en" if _english() else "name"
    return {p["code"]: p[field] for p in LegacyProvince.objects.values("code", field)}


def _countries() -> dict[str, Any]:
    from safepath.places.models import Country

    field = "name_en" if _english() else "name_vi"
    return {c["iso2"]: c[field] for c in Country.objects.values("iso2", field)}


def _agencies() -> dict[str, Any]:
    from safepath.accounts.models import Agency

    return {str(a["id"]): a["code"] for a in Agency.objects.values("id", "code")}


def _facilities() -> dict[str, Any]:
    from safepath.shelters.models import Facility

    field = "name_en" if _english() else "name_vi"
    return {str(f["id"]): f[field] for f in Facility.objects.values("id", field)}


def _screening_outcomes() -> dict[str, Any]:
    from safepath.screening.explain import OUTCOMES

    return dict(OUTCOMES)


def _month_offsets() -> dict[str, Any]:
    return {str(m): _("%(n)s months") % {"n": m} for m in (1, 3, 6, 12)}


def _languages() -> dict[str, Any]:
    return {"vi": _("Vietnamese"), "en": _("English")}


LISTS: Final[dict[str, Callable[[], dict[str, Any]]]] = {
    "sex": _choices("safepath.people.models", "Sex"),
    "age_band": _choices("safepath.cases.choices", "AgeBand"),
    "province": _provinces,
    "legacy_province": _legacy_provinces,
    "destination": _countries,
    "agency": _agencies,
    "to_agency": _agencies,
    "facility": _facilities,
    "consultation_channel": _choices("safepath.cases.choices", "ConsultationChannel"),
    "intake_channel": _choices("safepath.cases.choices", "IntakeChannel"),
    "intake_status": _choices("safepath.cases.choices", "IntakeStatus"),
    "urgency": _choices("safepath.cases.choices", "Urgency"),
    "topic": _choices("safepath.cases.choices", "Topic"),
    "consultation_outcome": _choices("safepath.cases.choices", "ConsultationOutcome"),
    "migration_stage": _choices("safepath.cases.choices", "MigrationStage"),
    "case_type": _choices("safepath.cases.choices", "CaseType"),
    "legal_status": _choices("safepath.cases.choices", "LegalStatus"),
    "exploitation": _choices("safepath.cases.choices", "ExploitationType"),
    "closure_reason": _choices("safepath.cases.choices", "ClosureReason"),
    "assessment_kind": _choices("safepath.screening.models", "AssessmentKind"),
    "screening_outcome": _screening_outcomes,
    "referral_status": _choices("safepath.referrals.choices", "ReferralStatus"),
    "service_type": _choices("safepath.plans.choices", "ServiceType"),
    "destination_after": _choices("safepath.shelters.choices", "StayDestination"),
    "month_offset": _month_offsets,
    "age_group": _choices("safepath.outreach.choices", "OutreachAgeGroup"),
    "event_kind": _choices("safepath.outreach.choices", "OutreachEventKind"),
    "lang": _languages,
}

# Lists whose codes have a natural order (the order of their choices); the rest sort by name.
ORDERED: Final = frozenset(
    {"sex", "age_band", "age_group", "month_offset", "urgency", "referral_status", "intake_status", "migration_stage"}
)


def label_map(list_key: str) -> dict[str, str]:
    read = LISTS.get(list_key)
    out = {code: str(label) for code, label in (read() if read else {}).items()}
    out.setdefault(UNKNOWN, str(NOT_RECORDED))
    out.setdefault("", str(NOT_RECORDED))
    return out


def label(list_key: str, code: Any, labels: dict[str, str] | None = None) -> str:
    names = labels if labels is not None else label_map(list_key)
    text = "" if code is None else str(code)
    return names.get(text, text)


def category_order(list_key: str, codes: list[str], labels: dict[str, str] | None = None) -> list[str]:
    """``codes`` in display order: a list's own order where it has one, else by name; unknown last."""
    names = labels if labels is not None else label_map(list_key)
    if list_key in ORDERED:
        known = list(LISTS[list_key]().keys()) if list_key in LISTS else []
        rank = {c: i for i, c in enumerate(known)}
        return sorted(codes, key=lambda c: (c in ("", UNKNOWN), rank.get(c, len(rank)), c))
    from safepath.core.normalize import fold

    return sorted(codes, key=lambda c: (c in ("", UNKNOWN), fold(names.get(c) or c), c))
