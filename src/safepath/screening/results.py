"""From answers to a result: pure functions over an instrument and its answers, no database.

Every result is a plain JSON-able dict (it is stored encrypted with the assessment and returned by
the API), carrying the evidence behind each finding: for each indicator, the questions whose answers
evidence it. Suggestions for the case (legal status, risk level, trafficking facts) are only
suggestions: the worker decides what goes into the case (`services.assessment_apply`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from safepath.screening.instruments import LEVELS, NEED_DOMAINS, Instrument
from safepath.screening.scoring import RULE_VERSION, Evidence, Outcome, Result, assess

OUTCOME_ORDER = [Outcome.NOT_ESTABLISHED, Outcome.POSSIBLE, Outcome.STRONG_INDICATION]
URGENCY_ORDER = ["none", "low", "medium", "high", "immediate"]
SAFETY_RISK = {"immediate": "critical", "high": "high"}  # urgency of the safety need -> suggested case risk level
EXPLOITATION_TYPES = {  # the context answer -> HTCDS vic_TypeOfExploitation value names
    "labour": "ForcedLabour",
    "sexual": "SexualExploitation",
    "criminality": "vn_ForcedCriminality",
    "marriage": "ForcedMarriage",
    "begging": "ForcedBegging",
    "other": "Other",
}


def evaluate(instrument: Instrument, answers: Mapping[str, Any], **context: Any) -> dict[str, Any]:
    evidence = instrument.evidence(answers)
    base = {
        "kind": instrument.kind,
        "instrument": instrument.code,
        "version": instrument.version,
        "evidence": evidence,
    }
    extra = EVALUATORS[instrument.kind](instrument, answers, evidence, **context)
    return {**base, **extra}


# --- trafficking (ILO/EC 2009) -------------------------------------------------------------------------
def trafficking_from_evidence(
    instrument: Instrument, found: Iterable[str], *, child: bool, lists: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Each list's verdict over the indicator codes found (grades from that list)."""
    codes = set(found)
    out: dict[str, dict[str, Any]] = {}
    for list_code in lists:
        items = []
        unverified = set()
        for code in sorted(codes):
            indicator = instrument.indicator(code)
            if indicator is None or indicator.dimension is None or list_code not in indicator.grades:
                continue
            items.append(Evidence(code, indicator.dimension, indicator.grades[list_code]))
            if list_code in indicator.unverified or instrument.lists[list_code].grades_status == "unverified":
                unverified.add(code)
        out[list_code] = result_dict(assess(items, child=child), unverified=unverified)
    return out


def trafficking_verdicts(
    instrument: Instrument, found: Iterable[str], *, child: bool, forms: set[str]
) -> dict[str, Any]:
    """The lists for this age and these forms of exploitation, each list's verdict, and the most serious one."""
    lists = [c for c, lst in instrument.lists.items() if lst.child == child and lst.exploitation in forms]
    by_list = trafficking_from_evidence(instrument, found, child=child, lists=lists)
    deciding = max(lists, key=lambda c: OUTCOME_ORDER.index(Outcome(by_list[c]["outcome"]))) if lists else ""
    return {
        "outcome": by_list[deciding]["outcome"] if deciding else str(Outcome.NOT_ESTABLISHED),
        "lists": lists,
        "deciding_list": deciding,
        "by_list": by_list,
    }


def result_dict(result: Result, *, unverified: Iterable[str] = ()) -> dict[str, Any]:
    flagged = set(unverified)
    return {
        "outcome": str(result.outcome),
        "rule_version": result.rule_version,
        "child": result.child,
        "elements": dict(result.elements),
        "missing": list(result.missing),
        "dimensions": {
            str(d): {
                "positive": v.positive,
                "because": v.because,
                "evidence": [
                    {"indicator": e.indicator, "grade": str(e.grade), "unverified": e.indicator in flagged}
                    for e in v.evidence
                ],
            }
            for d, v in result.dimensions.items()
        },
        "look_closer": [e.indicator for e in result.look_closer],
    }


def _yes(answers: Mapping[str, Any], code: str | None) -> bool | None:
    if code is None or answers.get(code) not in ("yes", "no"):
        return None
    return bool(answers[code] == "yes")


def _evaluate_trafficking(
    instrument: Instrument,
    answers: Mapping[str, Any],
    evidence: Mapping[str, list[str]],
    *,
    child_default: bool | None = None,
    foreign: bool = False,
    **_: Any,
) -> dict[str, Any]:
    ctx = instrument.context
    assert ctx is not None  # validated for trafficking instruments
    live = instrument.live_answers(answers)
    child = _yes(live, ctx.child)
    child_basis = "answer"
    if child is None:
        child, child_basis = (child_default, "age") if child_default is not None else (False, "assumed_adult")
    chosen = live.get(ctx.exploitation) or []
    chosen = chosen if isinstance(chosen, list) else [chosen]
    forms = {"sexual" if v == "sexual" else "labour" for v in chosen if v in EXPLOITATION_TYPES}
    verdicts = trafficking_verdicts(instrument, evidence, child=child, forms=forms or {"labour", "sexual"})
    outcome = verdicts["outcome"]
    location = live.get(ctx.location) if ctx.location else None
    current_risk = _yes(live, ctx.current_risk)
    means = sorted(
        {m for code in evidence for m in (getattr(instrument.indicator(code), "htcds_means_of_control", None) or [])}
    )
    suggest: dict[str, Any] = {}
    if outcome != Outcome.NOT_ESTABLISHED:
        if foreign:
            suggest["legal_status"] = "foreign_victim"
        else:
            suggest["legal_status"] = (
                "under_identification_abroad" if location == "abroad" else "under_identification_vietnam"
            )
        types = [EXPLOITATION_TYPES[v] for v in chosen if v in EXPLOITATION_TYPES]
        if child and "labour" in chosen:
            types.append("ChildLabour")
        suggest["exploitation_types"] = sorted(set(types))
        suggest["means_of_control"] = means
    if current_risk:
        suggest["risk_level"] = "high"
    return {
        "rule_version": RULE_VERSION,
        "child": child,
        "child_basis": child_basis,
        **verdicts,
        "current_risk": current_risk,
        "suggest": suggest,
    }


# --- forced labour (ILO 2012, 11 indicators) -----------------------------------------------------------
def _evaluate_forced_labour(
    instrument: Instrument, answers: Mapping[str, Any], evidence: Mapping[str, list[str]], **_: Any
) -> dict[str, Any]:
    found = sorted(
        (i for i in instrument.indicators if i.code in evidence and i.number is not None),
        key=lambda i: i.number or 0,
    )
    return {
        "outcome": "indicators_found" if found else "none_found",
        "found": [i.code for i in found],
        "count": len(found),
        "of": sum(1 for i in instrument.indicators if i.number is not None),
    }


# --- vulnerability (IOM determinants of migrant vulnerability) -----------------------------------------
def _evaluate_vulnerability(
    instrument: Instrument, answers: Mapping[str, Any], evidence: Mapping[str, list[str]], **_: Any
) -> dict[str, Any]:
    levels: dict[str, dict[str, list[str]]] = {lvl: {"risk": [], "protective": []} for lvl in LEVELS}
    for i in instrument.indicators:
        if i.code in evidence and i.level and i.direction:
            levels[i.level][i.direction].append(i.code)
    risks = sum(len(v["risk"]) for v in levels.values())
    return {"outcome": "risk_factors" if risks else "no_risk_factors", "levels": levels}


# --- needs ---------------------------------------------------------------------------------------------
def _evaluate_needs(
    instrument: Instrument, answers: Mapping[str, Any], evidence: Mapping[str, list[str]], **_: Any
) -> dict[str, Any]:
    live = instrument.live_answers(answers)
    domains: dict[str, dict[str, Any]] = {}
    for domain in NEED_DOMAINS:
        needs = [i.code for i in instrument.indicators if i.domain == domain and i.code in evidence]
        urgency = live.get(f"urgency_{domain}") or ("medium" if needs else "none")
        if urgency not in URGENCY_ORDER:
            urgency = "medium"
        domains[domain] = {"needs": needs, "urgency": urgency}
    top = max((d["urgency"] for d in domains.values()), key=URGENCY_ORDER.index, default="none")
    risk = SAFETY_RISK.get(domains["safety"]["urgency"])
    suggest = {"risk_level": risk} if risk else {}
    return {"outcome": top, "domains": domains, "suggest": suggest}


EVALUATORS: dict[str, Callable[..., dict[str, Any]]] = {
    "trafficking": _evaluate_trafficking,
    "forced_labour": _evaluate_forced_labour,
    "vulnerability": _evaluate_vulnerability,
    "needs": _evaluate_needs,
}


def needs_found(result: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(domain, urgency, need codes) for every domain with a need, most urgent first."""
    rows = [
        (d, v["urgency"], list(v["needs"]))
        for d, v in (result.get("domains") or {}).items()
        if v["needs"] or v["urgency"] != "none"
    ]
    return sorted(rows, key=lambda r: (-URGENCY_ORDER.index(r[1]), NEED_DOMAINS.index(r[0])))
