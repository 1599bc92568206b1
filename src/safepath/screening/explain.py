"""Results in plain words: what was found, which rule decided, and on which answers.

Everything here reads a stored result dict and the instrument it was computed on, and returns
sentences in the active language (Vietnamese first) for the result screen, the PDF and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepath.screening.instruments import Instrument
from safepath.screening.models import NeedDomain, NeedUrgency
from safepath.screening.scoring import EXPLOITATION, MEANS_AT_DESTINATION, RECRUITMENT, Dimension

DIMENSIONS = {
    Dimension.DECEPTIVE_RECRUITMENT: gettext_lazy("Deceptive recruitment"),
    Dimension.COERCIVE_RECRUITMENT: gettext_lazy("Coercive recruitment"),
    Dimension.RECRUITMENT_ABUSE_OF_VULNERABILITY: gettext_lazy("Recruitment by abuse of vulnerability"),
    Dimension.EXPLOITATIVE_CONDITIONS: gettext_lazy("Exploitative conditions of work"),
    Dimension.COERCION_AT_DESTINATION: gettext_lazy("Coercion at destination"),
    Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION: gettext_lazy("Abuse of vulnerability at destination"),
}
ELEMENTS = {
    "recruitment": (gettext_lazy("Recruitment"), RECRUITMENT),
    "exploitation": (gettext_lazy("Exploitation"), EXPLOITATION),
    "means": (gettext_lazy("Coercion or abuse of vulnerability at destination"), MEANS_AT_DESTINATION),
}
GRADES = {"strong": gettext_lazy("strong"), "medium": gettext_lazy("medium"), "weak": gettext_lazy("weak")}
BECAUSE = {
    "2 strong": gettext_lazy("at least two strong indicators"),
    "1 strong + 1 other": gettext_lazy("one strong indicator and at least one other"),
    "3 medium": gettext_lazy("at least three medium indicators"),
    "2 medium + 1 weak": gettext_lazy("two medium indicators and at least one weak one"),
    "not enough": gettext_lazy(
        "not enough: the rule needs 2 strong, 1 strong + 1 other, 3 medium or 2 medium + 1 weak"
    ),
}
OUTCOMES = {
    "strong_indication": gettext_lazy("Strong indication of trafficking"),
    "possible": gettext_lazy("Possible trafficking: some indicators"),
    "not_established": gettext_lazy("Trafficking not established by this screening"),
    "indicators_found": gettext_lazy("Indicators of forced labour found"),
    "none_found": gettext_lazy("No indicator of forced labour found"),
    "risk_factors": gettext_lazy("Risk factors found"),
    "no_risk_factors": gettext_lazy("No risk factor found"),
    "immediate": gettext_lazy("Needs to act on today"),
    "high": gettext_lazy("Needs to act on within a week"),
    "medium": gettext_lazy("Needs to act on within a month"),
    "low": gettext_lazy("Needs to act on when possible"),
    "none": gettext_lazy("No needs found"),
}
LISTS = {
    "adult_labour": gettext_lazy("adults, labour exploitation"),
    "adult_sexual": gettext_lazy("adults, sexual exploitation"),
    "child_labour": gettext_lazy("children, labour exploitation"),
    "child_sexual": gettext_lazy("children, sexual exploitation"),
}
URGENCY = dict(NeedUrgency.choices)
DOMAINS = dict(NeedDomain.choices)
LEVELS = {
    "individual": gettext_lazy("Individual"),
    "household": gettext_lazy("Household and family"),
    "community": gettext_lazy("Community"),
    "structural": gettext_lazy("Structural"),
}


def outcome_label(code: str) -> str:
    return str(OUTCOMES.get(code, code))


def _indicator(instrument: Instrument, code: str, evidence: Mapping[str, list[str]]) -> dict[str, Any]:
    ind = instrument.indicator(code)
    questions = [str(q.text) for q in (instrument.question(c) for c in evidence.get(code, [])) if q is not None]
    return {
        "code": code,
        "label": str(ind.label) if ind else code,
        "explain": str(ind.explain) if ind and ind.explain else "",
        "questions": questions,
    }


def trafficking(instrument: Instrument, result: Mapping[str, Any]) -> dict[str, Any]:
    """The trafficking screening explained: headline, each element with its dimensions and evidence."""
    evidence = result.get("evidence", {})
    deciding = result.get("deciding_list") or ""
    verdict = result.get("by_list", {}).get(deciding) or {}
    elements = []
    for key, (label, dims) in ELEMENTS.items():
        rows = []
        for d in dims:
            v = verdict.get("dimensions", {}).get(str(d), {"positive": False, "because": "not enough", "evidence": []})
            rows.append(
                {
                    "label": str(DIMENSIONS[d]),
                    "positive": v["positive"],
                    "because": str(BECAUSE.get(v["because"], v["because"])),
                    "evidence": [
                        {
                            **_indicator(instrument, e["indicator"], evidence),
                            "grade": e["grade"],
                            "grade_label": str(GRADES[e["grade"]]),
                            "unverified": e.get("unverified", False),
                        }
                        for e in v["evidence"]
                    ],
                }
            )
        needed = key != "means" or not result.get("child")
        elements.append(
            {
                "key": key,
                "label": str(label),
                "present": bool(verdict.get("elements", {}).get(key)),
                "needed": needed,
                "dimensions": rows,
            }
        )
    sentences = [_headline(result, verdict)]
    if result.get("child"):
        sentences.append(_("For a person under 18 the means are not required: recruitment and exploitation suffice."))
    if result.get("child_basis") == "assumed_adult":
        sentences.append(_("Whether the person was under 18 is not known: the adult lists were used."))
    if len(result.get("lists", [])) > 1:
        names = ", ".join(str(LISTS[c]) for c in result["lists"])
        sentences.append(
            _("The form of exploitation is not known yet, so the answers were checked against the lists for %(lists)s.")
            % {"lists": names}
        )
    look = [_indicator(instrument, c, evidence) for c in verdict.get("look_closer", [])]
    unverified = any(e.get("unverified") for d in verdict.get("dimensions", {}).values() for e in d.get("evidence", []))
    return {
        "outcome": result.get("outcome", ""),
        "outcome_label": outcome_label(result.get("outcome", "")),
        "list_label": str(LISTS.get(deciding, "")),
        "sentences": sentences,
        "elements": elements,
        "look_closer": look,
        "unverified": unverified,
        "rule_version": result.get("rule_version", ""),
    }


def _headline(result: Mapping[str, Any], verdict: Mapping[str, Any]) -> str:
    outcome = result.get("outcome")
    missing = [str(ELEMENTS[m][0]).lower() for m in verdict.get("missing", [])]
    if outcome == "strong_indication":
        if result.get("child"):
            return _("The answers show both elements the ILO/EC rule needs for a child: recruitment and exploitation.")
        return _(
            "The answers show all three elements the ILO/EC rule needs: recruitment, exploitation, and coercion "
            "or abuse of vulnerability at destination."
        )
    if outcome == "possible":
        return _("Some indicators are present, but not yet: %(missing)s. Ask more, or refer for identification.") % {
            "missing": ", ".join(missing)
        }
    return _("No dimension reaches the ILO/EC threshold with the answers given.")


def forced_labour(instrument: Instrument, result: Mapping[str, Any]) -> dict[str, Any]:
    evidence = result.get("evidence", {})
    found = [_indicator(instrument, c, evidence) for c in result.get("found", [])]
    for row, code in zip(found, result.get("found", []), strict=True):
        ind = instrument.indicator(code)
        row["number"] = ind.number if ind else None
    return {
        "outcome": result.get("outcome", ""),
        "outcome_label": outcome_label(result.get("outcome", "")),
        "sentences": [
            _("%(count)s of the %(of)s ILO indicators of forced labour are present.")
            % {"count": result.get("count", 0), "of": result.get("of", 11)},
            _(
                "ILO guidance: one indicator may in some cases point to forced labour; in others several are "
                "needed. Look at them together with the person's account."
            ),
        ],
        "found": found,
    }


def vulnerability(instrument: Instrument, result: Mapping[str, Any]) -> dict[str, Any]:
    evidence = result.get("evidence", {})
    levels = []
    for code, label in LEVELS.items():
        row = result.get("levels", {}).get(code, {"risk": [], "protective": []})
        levels.append(
            {
                "label": str(label),
                "risk": [_indicator(instrument, c, evidence) for c in row["risk"]],
                "protective": [_indicator(instrument, c, evidence) for c in row["protective"]],
            }
        )
    return {
        "outcome": result.get("outcome", ""),
        "outcome_label": outcome_label(result.get("outcome", "")),
        "sentences": [
            _(
                "Vulnerability comes from how these factors act together (IOM). SafePath does not add them up into "
                "a score: read the risks against the protective factors at each level."
            )
        ],
        "levels": levels,
    }


def needs(instrument: Instrument, result: Mapping[str, Any]) -> dict[str, Any]:
    from safepath.screening.results import needs_found

    evidence = result.get("evidence", {})
    rows = [
        {
            "domain": d,
            "label": str(DOMAINS[d]),
            "urgency": u,
            "urgency_label": str(URGENCY[u]),
            "needs": [_indicator(instrument, c, evidence) for c in codes],
        }
        for d, u, codes in needs_found(result)
    ]
    return {
        "outcome": result.get("outcome", ""),
        "outcome_label": outcome_label(result.get("outcome", "")),
        "sentences": [] if rows else [_("No needs were found in any domain.")],
        "domains": rows,
    }


def explain(instrument: Instrument, result: Mapping[str, Any]) -> dict[str, Any]:
    if not result:
        return {}
    by_kind = {
        "trafficking": trafficking,
        "forced_labour": forced_labour,
        "vulnerability": vulnerability,
        "needs": needs,
    }
    explained = by_kind[instrument.kind](instrument, result)
    return {"kind": instrument.kind, **explained}
