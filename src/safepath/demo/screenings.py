"""Answers for the demo assessments: what a person in each kind of case would plausibly have said.

The answers are drawn question by question in the order the interview asks them, following the
instrument's skip logic (a question the interview would not show gets no answer), and checked by the
interview's own validation (`screening.services.clean_answers`), so they are exactly what the
interview pages would have saved. The result is never drawn: the caller computes it from these
answers with `screening.results.evaluate`, as completing an assessment does.

What a person says depends on the case's facts (the forms of exploitation and means of control the
case records, where the person went, their age) and on how severe their experience was, a level
drawn per case: "strong" (most indicators present), "possible" (some), "none" (few or none). The
level steers the answers; the outcome is whatever the scoring makes of them.

Pure functions over an instrument, the facts and a random generator: no database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from safepath.cases.choices import ExploitationType, MeansOfControl, RecruiterRelationship, RecruitmentMethod
from safepath.demo import texts
from safepath.screening.instruments import Instrument, Question
from safepath.screening.services import clean_answers

STRONG, POSSIBLE, NONE = "strong", "possible", "none"
KINH = "01"  # GSO code of the Kinh majority
MC = MeansOfControl

# How likely a "yes" is to a question that evidences an indicator: (the case's facts do not point to
# it, they do), by severity level.
YES: dict[str, tuple[float, float]] = {STRONG: (0.2, 0.92), POSSIBLE: (0.06, 0.45), NONE: (0.02, 0.1)}
# The case's exploitation, as the screening's context question names it.
FORMS: dict[str, str] = {
    ExploitationType.FORCED_LABOUR: "labour",
    ExploitationType.SERVITUDE: "labour",
    ExploitationType.CHILD_LABOUR: "labour",
    ExploitationType.SEXUAL_EXPLOITATION: "sexual",
    ExploitationType.FORCED_MARRIAGE: "marriage",
    ExploitationType.FORCED_CRIMINALITY: "criminality",
    ExploitationType.FORCED_BEGGING: "begging",
    ExploitationType.OTHER: "other",
}
RECRUITER: dict[str, str] = {
    RecruiterRelationship.INTIMATE_PARTNER: "partner",
    RecruiterRelationship.FRIEND: "friend",
    RecruiterRelationship.FAMILY: "relative",
    RecruiterRelationship.BROKER: "broker",
    RecruiterRelationship.STRANGER: "stranger",
}
# Labour migrants in trouble without a trafficking case: what usually went wrong.
LABOUR_TROUBLE = [
    MC.TAKES_EARNINGS,
    MC.DEBT_BONDAGE,
    MC.WITHHOLDS_DOCUMENTS,
    MC.EXCESSIVE_WORKING_HOURS,
    MC.FALSE_PROMISES,
    MC.THREAT_OF_LAW_ENFORCEMENT,
]

# yes/no questions -> the facts (means of control, forms of exploitation, tags) that make a "yes" likely
TRAFFICKING_SIGNALS: dict[str, set[str]] = {
    "child_sold": set(),
    "rec_promised_differs": {MC.FALSE_PROMISES, "marriage", "scam"},
    "rec_exploiter_control": {"marriage", "partner"},
    "rec_legal_trouble": {MC.THREAT_OF_LAW_ENFORCEMENT},
    "rec_legal_trouble_used": {MC.THREAT_OF_LAW_ENFORCEMENT},
    "rec_fees_debt": {MC.DEBT_BONDAGE, "debt"},
    "rec_debt_bondage": {MC.DEBT_BONDAGE},
    "rec_abducted": set(),
    "trv_depended": {"scam", "marriage", MC.RESTRICTS_MOVEMENT},
    "trv_irregular": {"scam", "marriage"},
    "trv_documents": {MC.WITHHOLDS_DOCUMENTS},
    "wrk_hours": {MC.EXCESSIVE_WORKING_HOURS, "scam", "labour"},
    "wrk_living": {"scam", MC.RESTRICTS_MOVEMENT},
    "wrk_hazardous": {"labour"},
    "wrk_treatment": {MC.PHYSICAL_ABUSE, MC.PSYCHOLOGICAL_ABUSE, "scam"},
    "wrk_pay": {MC.TAKES_EARNINGS, MC.DEBT_BONDAGE, "scam", "marriage"},
    "wrk_deductions": {MC.TAKES_EARNINGS, MC.DEBT_BONDAGE},
    "wrk_contract_broken": {MC.FALSE_PROMISES, "labour"},
    "wrk_no_protection": {"labour", "marriage"},
    "wrk_no_education": {"child"},
    "dst_documents": {MC.WITHHOLDS_DOCUMENTS},
    "dst_confined": {MC.RESTRICTS_MOVEMENT},
    "dst_debt": {MC.DEBT_BONDAGE, "debt"},
    "dst_debt_bondage": {MC.DEBT_BONDAGE},
    "dst_wages_withheld": {MC.TAKES_EARNINGS},
    "dst_violence": {MC.PHYSICAL_ABUSE},
    "dst_sexual_violence": {MC.SEXUAL_ABUSE},
    "dst_threatened": {MC.THREATS, MC.THREAT_OF_LAW_ENFORCEMENT},
    "dst_crimes": {"criminality"},
    "dst_forced_tasks": {"criminality", "sexual"},
    "sx_forced_clients": {"sexual"},
    "dst_against_peers": set(),
    "dst_forced_lie": {"criminality"},
    "dst_influence": {MC.PSYCHOLOGICAL_ABUSE, "marriage"},
    "ext_still_pursued": {"in_danger"},
    "ext_others_held": {"scam"},
}
FORCED_LABOUR_SIGNALS: dict[str, set[str]] = {
    "job_differs": {MC.FALSE_PROMISES},
    "signed_unread": {"labour", MC.FALSE_PROMISES},
    "no_other_choice": {MC.DEBT_BONDAGE, "debt"},
    "status_used": {MC.THREAT_OF_LAW_ENFORCEMENT},
    "wages_withheld": {MC.TAKES_EARNINGS},
    "has_debt": {MC.DEBT_BONDAGE, "debt"},
    "debt_trap": {MC.DEBT_BONDAGE},
    "debt_family": {MC.DEBT_BONDAGE},
    "forced_overtime": {MC.EXCESSIVE_WORKING_HOURS, "scam"},
    "no_rest_day": {MC.EXCESSIVE_WORKING_HOURS, "scam"},
    "degrading_work": {MC.PSYCHOLOGICAL_ABUSE},
    "bad_housing": {"labour", "scam"},
    "locked_in": {MC.RESTRICTS_MOVEMENT},
    "watched": {MC.RESTRICTS_MOVEMENT, "scam"},
    "cut_off": {MC.RESTRICTS_MOVEMENT, "marriage"},
    "remote_unknown": {"marriage"},
    "documents_kept": {MC.WITHHOLDS_DOCUMENTS},
    "physical_violence": {MC.PHYSICAL_ABUSE},
    "sexual_violence": {MC.SEXUAL_ABUSE},
    "threatened": {MC.THREATS},
    "intimidated": {MC.THREATS, MC.PSYCHOLOGICAL_ABUSE},
}
# Questions people more often prefer not to answer.
DELICATE = {"dst_sexual_violence", "sx_forced_clients", "sexual_violence", "ind_substance_use", "psy_self_harm"}

# Vulnerability factors: how common each is among people in the demo's cases (risk and protective alike;
# the level makes risks commoner and protections rarer).
VULNERABILITY: dict[str, float] = {
    "ind_disability_illness": 0.12,
    "ind_mental_distress": 0.3,
    "ind_no_id": 0.15,
    "ind_substance_use": 0.04,
    "ind_past_violence": 0.2,
    "ind_vocational_skills": 0.35,
    "ind_own_savings": 0.15,
    "ind_safe_migration_knowledge": 0.25,
    "hh_debt": 0.45,
    "hh_family_violence": 0.1,
    "hh_single_parent_child_headed": 0.15,
    "hh_unsafe_migration_history": 0.25,
    "hh_pressure_remit": 0.35,
    "hh_supportive_family": 0.65,
    "hh_sufficient_earnings": 0.2,
    "com_stigma_return": 0.25,
    "com_recruiters_active": 0.3,
    "com_no_services": 0.3,
    "com_remote_area": 0.25,
    "com_self_help_group": 0.15,
    "com_trusted_authority": 0.45,
    "str_disaster_climate": 0.15,
    "str_irregular_status_abroad": 0.2,
    "str_no_legal_channels": 0.2,
    "str_social_assistance": 0.3,
    "str_health_insurance": 0.55,
}
# Needs: how common each is for a returned migrant; the level and the case type scale them.
NEEDS: dict[str, float] = {
    "safety_threatened": 0.1,
    "safety_debt_pressure": 0.25,
    "safety_home_unsafe": 0.05,
    "safety_online": 0.08,
    "health_injury_illness": 0.2,
    "health_ongoing_treatment": 0.1,
    "health_sexual_reproductive": 0.08,
    "health_insurance": 0.3,
    "psy_sleep": 0.35,
    "psy_fear_memories": 0.25,
    "psy_low_mood": 0.3,
    "psy_self_harm": 0.03,
    "psy_wants_support": 0.3,
    "legal_lost_id": 0.15,
    "legal_report_police": 0.12,
    "legal_unpaid_wages": 0.3,
    "legal_advice": 0.4,
    "legal_civil_status": 0.05,
    "shelter_tonight": 0.04,
    "shelter_cannot_return": 0.05,
    "shelter_travel_home": 0.1,
    "shelter_essentials": 0.12,
    "live_no_income": 0.45,
    "live_debt": 0.4,
    "live_wants_job": 0.55,
    "live_business": 0.2,
    "edu_child_out_of_school": 0.05,
    "edu_back_to_school": 0.06,
    "edu_vocational": 0.35,
    "fam_conflict": 0.12,
    "fam_children_care": 0.1,
    "fam_mediation": 0.06,
}
NEEDS_SCALE = {STRONG: 1.7, POSSIBLE: 1.2, NONE: 0.8}
# How soon a domain with needs must be acted on: immediate, high, medium, low.
URGENCY = {STRONG: (0.05, 0.3, 0.45, 0.2), POSSIBLE: (0.02, 0.18, 0.5, 0.3), NONE: (0.005, 0.08, 0.47, 0.445)}


@dataclass(frozen=True)
class Facts:
    """What the case file already says about the person, which their answers agree with."""

    trafficking: bool  # a trafficking case (suspected or identified)
    forms: tuple[str, ...]  # the forms of exploitation, as the screening names them
    means: frozenset[str]  # means of control (the case's, or a labour migrant's usual troubles)
    abroad: bool  # still abroad or in transit at the interview
    scam: bool  # held in a scam compound
    child: bool  # under 18 when it began
    minor: bool  # under 18 at the interview
    minority: bool  # from an ethnic minority
    risk: str  # the case's risk level
    recruiter: str  # the screening's answer to "who suggested going"
    debt: bool  # went into debt for the fees

    def tags(self) -> set[str]:
        tags = set(self.means) | set(self.forms)
        tags |= {t for t, on in (("scam", self.scam), ("child", self.child), ("debt", self.debt)) if on}
        if self.recruiter == "partner":
            tags.add("partner")
        return tags


def facts_for(
    *,
    trafficking: bool,
    exploitation_types: Iterable[str],
    means_of_control: Iterable[str],
    abroad: bool,
    scam: bool,
    age_then: int | None,
    age_now: int | None,
    ethnicity: str,
    risk: str,
    relationship: str,
    recruitment_methods: Iterable[str],
    returned: bool,
    rng: random.Random,
) -> Facts:
    means = set(means_of_control)
    if not trafficking:
        means = set(rng.sample(LABOUR_TROUBLE, k=rng.randint(1, 3)))
    forms = tuple(sorted({FORMS[t] for t in exploitation_types if t in FORMS})) or ("labour",)
    recruiter = RECRUITER.get(relationship, "")
    if recruiter == "stranger" and RecruitmentMethod.ONLINE_SOCIAL_NETWORKS in set(recruitment_methods):
        recruiter = "online"
    if not recruiter:
        recruiter = _pick(rng, {"broker": 55, "friend": 15, "relative": 10, "online": 12, "self": 8})
    return Facts(
        trafficking=trafficking,
        forms=forms,
        means=frozenset(means),
        abroad=abroad,
        scam=scam,
        child=age_then is not None and age_then < 18,
        minor=age_now is not None and age_now < 18,
        minority=bool(ethnicity) and ethnicity != KINH,
        risk=risk,
        recruiter=recruiter,
        debt=MC.DEBT_BONDAGE in means or (returned and rng.random() < 0.5),
    )


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _some(rng: random.Random, chances: Mapping[str, float], *, otherwise: str | None = "none") -> list[str] | None:
    """Each option with its own chance; `otherwise` alone when none was chosen (None: no answer)."""
    chosen = [v for v, p in chances.items() if rng.random() < p]
    if chosen:
        return chosen
    return [otherwise] if otherwise else None


@dataclass
class _Interview:
    """One interview: the answer a person gives to each question, as the interview reaches it."""

    facts: Facts
    level: str
    rng: random.Random
    signals: Mapping[str, set[str]] = field(default_factory=dict)
    special: Mapping[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)
    chance: Callable[[Question], float] | None = None
    tags: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.tags = self.facts.tags()  # asked for every question: once

    def yes_no(self, q: Question, p: float) -> str:
        r = self.rng.random()
        declined = 0.06 if q.code in DELICATE else 0.01
        if r < declined:
            return "declined"
        if r < declined + 0.03:
            return "unknown"
        return "yes" if self.rng.random() < p else "no"

    def answer(self, q: Question, answers: dict[str, Any]) -> Any:
        if q.code in self.special:
            return self.special[q.code](answers)
        if not q.required and self.rng.random() < 0.03:
            return None  # skipped: the person moved on, or the interviewer did
        if q.type == "yes_no":
            if self.chance is not None:
                return self.yes_no(q, self.chance(q))
            base, signalled = YES[self.level]
            hit = not self.tags.isdisjoint(self.signals.get(q.code, ()))
            return self.yes_no(q, signalled if hit else base)
        return None


def walk(instrument: Instrument, interview: _Interview) -> dict[str, Any]:
    """The answers in interview order: sections and questions the skip logic shows, given the answers so far."""
    answers: dict[str, Any] = {}
    for section in instrument.sections:
        if section.show_if is not None and not section.show_if.holds(answers):
            continue
        for q in section.questions:
            if q.show_if is not None and not q.show_if.holds(answers):
                continue
            value = interview.answer(q, answers)
            if value is not None:
                answers[q.code] = value
    return clean_answers(instrument, answers)


# --- the four instruments ---------------------------------------------------------------------------------------
def trafficking_answers(instrument: Instrument, facts: Facts, level: str, rng: random.Random) -> dict[str, Any]:
    f = facts
    strong, possible = level == STRONG, level == POSSIBLE
    deep = 0.35 if strong else (0.15 if possible else 0.05)  # chance of each further element of a story

    def deceived(_: dict[str, Any]) -> list[str] | None:
        if "marriage" in f.forms:
            first = {"marriage_adoption": 0.8, "job": 0.4 if strong else 0.15}
        else:
            first = {"job": 0.85 if strong else (0.45 if possible else 0.1), "wages": 0.55, "conditions": 0.4}
        more = {"contract": deep, "housing": deep, "papers": deep * 0.6, "travel": deep * 0.8, "education": 0.03}
        return _some(rng, {**first, **more}, otherwise="wages")

    def threat_kinds(_: dict[str, Any]) -> list[str] | None:
        police = 0.8 if MC.THREAT_OF_LAW_ENFORCEMENT in f.means else 0.15
        return _some(
            rng, {"harm": 0.6, "family": 0.35, "police": police, "worse": 0.3, "shame": 0.15}, otherwise="harm"
        )

    def how_left(_: dict[str, Any]) -> str:
        if f.abroad:
            return "still_there"
        if f.scam:
            return _pick(rng, {"escaped": 25, "rescued": 40, "ransom": 20, "released": 15})
        if "marriage" in f.forms:
            return _pick(rng, {"escaped": 50, "rescued": 40, "released": 10})
        if f.trafficking:
            return _pick(rng, {"escaped": 25, "rescued": 25, "deported": 25, "released": 25})
        return _pick(rng, {"released": 55, "deported": 25, "escaped": 15, "rescued": 5})

    danger = {"critical": 0.6, "high": 0.25, "medium": 0.08}.get(f.risk, 0.02)
    special: dict[str, Callable[[dict[str, Any]], Any]] = {
        "consent_interview": lambda a: "yes" if rng.random() < 0.98 else "no",
        "ctx_under_18": lambda a: "yes" if f.child else "no",
        "ctx_exploitation": lambda a: list(f.forms),
        "ctx_location": lambda a: "abroad" if f.abroad else "vietnam",
        "ctx_current_risk": lambda a: "yes" if rng.random() < danger else "no",
        "rec_situation": lambda a: _some(
            rng,
            {
                "money": 0.7 if strong else (0.55 if possible else 0.4),
                "family": deep,
                "personal": deep * 0.4,
                "past_harm": deep * 0.3,
                "local_hardship": deep * 0.6,
            },
        ),
        "rec_who": lambda a: f.recruiter,
        "rec_deceived_about": deceived,
        "rec_persuasion": lambda a: _some(
            rng,
            {
                "easy_success": deep * 1.5,
                "false_law": deep * 0.5,
                "hid_information": deep,
                "schooling_language": deep * (1.5 if f.minority else 0.5),
                "hardship": deep,
                "affection": 0.7 if f.recruiter == "partner" else 0.02,
                "beliefs": 0.03,
            },
        ),
        "trv_coercion": lambda a: _some(
            rng,
            {
                "violence": deep * (1.2 if MC.PHYSICAL_ABUSE in f.means else 0.3),
                "threats": deep * (1.5 if MC.THREATS in f.means else 0.5),
                "family": deep * 0.3,
                "police": deep * (1.5 if MC.THREAT_OF_LAW_ENFORCEMENT in f.means else 0.2),
                "shame": deep * 0.3,
                "money": deep * 0.5,
                "confined": deep * (1.5 if MC.RESTRICTS_MOVEMENT in f.means else 0.3),
            },
        ),
        "dst_threat_kinds": threat_kinds,
        "ext_hard_to_leave": lambda a: _some(
            rng,
            {
                "dependency": deep * 1.5,
                "unknown_area": deep * (2 if f.scam or "marriage" in f.forms else 0.8),
                "money": deep * 1.5,
                "family": deep * 0.6,
                "legal_status": deep * 0.8,
                "past": deep * 0.2,
                "personal": deep * 0.3,
            },
        ),
        "ext_how_left": how_left,
        "ext_still_pursued": lambda a: "yes" if a.get("ctx_current_risk") == "yes" and rng.random() < 0.7 else "no",
    }
    interview = _Interview(facts, level, rng, signals=TRAFFICKING_SIGNALS, special=special)
    return walk(instrument, interview)


def forced_labour_answers(instrument: Instrument, facts: Facts, level: str, rng: random.Random) -> dict[str, Any]:
    special = {"consent_interview": lambda a: "yes" if rng.random() < 0.98 else "no"}
    interview = _Interview(facts, level, rng, signals=FORCED_LABOUR_SIGNALS, special=special)
    return walk(instrument, interview)


def vulnerability_answers(instrument: Instrument, facts: Facts, level: str, rng: random.Random) -> dict[str, Any]:
    risk_scale = {STRONG: 1.4, POSSIBLE: 1.0, NONE: 0.55}[level]

    def chance(q: Question) -> float:
        p = VULNERABILITY.get(q.code, 0.1)
        if q.code == "ind_no_id" and MC.WITHHOLDS_DOCUMENTS in facts.means:
            p = 0.5
        elif q.code == "hh_debt" and facts.debt:
            p = 0.8
        elif q.code == "com_remote_area" and facts.minority:
            p = 0.6
        elif q.code == "str_irregular_status_abroad" and (facts.scam or "marriage" in facts.forms):
            p = 0.7
        protective = instrument.indicator(q.evidence[0]) if q.evidence else None
        if protective is not None and protective.direction == "protective":
            return min(0.95, p / risk_scale)
        return min(0.95, p * risk_scale)

    def reading(_: dict[str, Any]) -> str:
        if facts.minority:
            return _pick(rng, {"fluent": 25, "basic": 45, "little_or_none": 30})
        return _pick(rng, {"fluent": 55, "basic": 37, "little_or_none": 8})

    special = {"ind_under_18": lambda a: "yes" if facts.minor else "no", "ind_reading": reading}
    return walk(instrument, _Interview(facts, level, rng, special=special, chance=chance))


def needs_answers(instrument: Instrument, facts: Facts, level: str, rng: random.Random) -> dict[str, Any]:
    scale = NEEDS_SCALE[level] * (1.2 if facts.trafficking else 1.0)
    boost = {
        "safety_threatened": facts.risk in ("high", "critical"),
        "safety_debt_pressure": facts.debt,
        "legal_lost_id": MC.WITHHOLDS_DOCUMENTS in facts.means,
        "legal_unpaid_wages": MC.TAKES_EARNINGS in facts.means,
        "health_sexual_reproductive": "sexual" in facts.forms or "marriage" in facts.forms,
        "shelter_travel_home": facts.abroad,
        "edu_back_to_school": facts.minor,
        "edu_child_out_of_school": facts.minor,
    }

    def chance(q: Question) -> float:
        p = NEEDS.get(q.code, 0.1) * scale
        return min(0.9, p * 2.5 if boost.get(q.code) else p)

    def urgency(domain: str) -> Callable[[dict[str, Any]], str]:
        def given(answers: dict[str, Any]) -> str:
            section = instrument.section(domain)
            assert section is not None
            if not any(q.evidenced_by(answers[q.code]) for q in section.questions if q.code in answers):
                return "low" if rng.random() < 0.1 else "none"
            weights = dict(zip(("immediate", "high", "medium", "low"), URGENCY[level], strict=True))
            if domain == "safety" and answers.get("safety_threatened") == "yes":
                weights = {"immediate": 0.25, "high": 0.5, "medium": 0.25}
            if domain == "shelter" and answers.get("shelter_tonight") == "yes":
                weights = {"immediate": 0.8, "high": 0.2}
            return _pick(rng, weights)

        return given

    def note(domain: str) -> Callable[[dict[str, Any]], str | None]:
        def given(answers: dict[str, Any]) -> str | None:
            if answers.get(f"urgency_{domain}", "none") == "none" or rng.random() > 0.3:
                return None
            return rng.choice(texts.NEEDS_NOTES[domain])

        return given

    special: dict[str, Callable[[dict[str, Any]], Any]] = {
        "fam_informed": lambda a: _pick(rng, {"knows": 70, "not_yet": 14, "not_wanted": 10, "no_contact": 6}),
    }
    for section in instrument.sections:
        domain = section.code
        special[f"urgency_{domain}"] = urgency(domain)
        special[f"notes_{domain}"] = note(domain)
    return walk(instrument, _Interview(facts, level, rng, special=special, chance=chance))


ANSWERS: dict[str, Callable[[Instrument, Facts, str, random.Random], dict[str, Any]]] = {
    "trafficking": trafficking_answers,
    "forced_labour": forced_labour_answers,
    "vulnerability": vulnerability_answers,
    "needs": needs_answers,
}


def draw_answers(instrument: Instrument, facts: Facts, level: str, rng: random.Random) -> dict[str, Any]:
    """A complete interview on `instrument`: every question it shows answered (or now and then skipped)."""
    return ANSWERS[instrument.kind](instrument, facts, level, rng)


def partial(instrument: Instrument, answers: Mapping[str, Any], rng: random.Random) -> tuple[dict[str, Any], str]:
    """An interview stopped part of the way: the answers up to a point, and the section reached."""
    order = [q.code for q in instrument.questions() if q.code in answers]
    keep = order[: rng.randint(1, max(1, len(order) - 1))]
    kept = {code: answers[code] for code in keep}
    last = keep[-1]
    section = next(s.code for s in instrument.sections if any(q.code == last for q in s.questions))
    return kept, section
