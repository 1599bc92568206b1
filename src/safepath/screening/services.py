"""Assessments: start one on a case, save answers as they come, complete it, take findings into the case.

A draft is saved after every answer (the interview page posts each answer as it is given), so a
dropped connection loses at most the answer being typed. Completing computes the result on the
instrument version the answers were given on. Nothing reaches the case by itself: the worker
chooses which suggested findings to take into it (`assessment_apply`), and the case timeline
records who decided, on which assessment and on which indicators.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.choices import ExploitationType, LegalStatus, MeansOfControl, RiskLevel
from safepath.cases.models import Case, CaseEvent
from safepath.core import validate as v
from safepath.screening import instruments
from safepath.screening.instruments import Instrument, Question
from safepath.screening.models import Assessment, AssessmentMode, AssessmentStatus
from safepath.screening.results import evaluate

MAX_ANSWER = 4000


def instrument_of(assessment: Assessment) -> Instrument:
    return instruments.get(assessment.instrument, assessment.instrument_version)


def person_context(case: Case, on: dt.date | None = None) -> dict[str, Any]:
    """What the person record tells the scoring when the interview does not: under 18 or not."""
    year = case.person.birth_year
    if year is None:
        return {}
    return {"child_default": ((on or timezone.localdate()).year - year) < 18}


def assessment_start(
    *, actor: Any, case: Case, instrument: str, mode: str = AssessmentMode.INTERVIEW, interviewed_on: Any = None
) -> Assessment:
    v.require(actor, "screening.add_assessment", case)
    e = v.Errors()
    try:
        chosen = instruments.current(instrument)
    except KeyError:
        e.add("instrument", _("Choose one of the listed instruments."))
    mode = v.choice(e, "mode", mode or AssessmentMode.INTERVIEW, AssessmentMode.values)
    on = v.date(e, "interviewed_on", interviewed_on) or timezone.localdate()
    if on > timezone.localdate():
        e.add("interviewed_on", _("The interview date cannot be in the future."))
    e.raise_if_any()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            case=case,
            kind=chosen.kind,
            instrument=chosen.code,
            instrument_version=chosen.version,
            instrument_digest=chosen.digest,
            mode=mode,
            interviewed_on=on,
            section=chosen.sections[0].code,
            started_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="assessment",
            object_ids=[assessment.pk],
            detail={"case": str(case.pk), "instrument": chosen.key},
        )
    return assessment


def clean_answer(question: Question, value: Any) -> Any:
    """One answer checked against its question; None means "no answer" (clears a previous one)."""
    if value is None or value == "" or value == []:
        return None
    if question.type == "multi":
        values = value if isinstance(value, list) else [value]
        allowed = question.values()
        chosen = [str(x) for x in values if str(x)]
        if bad := [x for x in chosen if x not in allowed]:
            raise ValidationError(_("Unknown value: %(values)s.") % {"values": ", ".join(bad[:5])})
        return [x for x in allowed if x in chosen] or None
    if isinstance(value, list):
        raise ValidationError(_("Give one value."))
    if question.type in ("yes_no", "single"):
        if str(value) not in question.values():
            raise ValidationError(_("Choose one of the listed values."))
        return str(value)
    if question.type == "number":
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            raise ValidationError(_("Enter a number.")) from None
        if not math.isfinite(number):
            raise ValidationError(_("Enter a number."))
        if question.min is not None and number < question.min:
            raise ValidationError(_("At least %(min)s.") % {"min": f"{question.min:g}"})
        if question.max is not None and number > question.max:
            raise ValidationError(_("At most %(max)s.") % {"max": f"{question.max:g}"})
        return int(number) if number.is_integer() else number
    if question.type == "date":
        e = v.Errors()
        day = v.date(e, "value", value)
        if e.items:
            raise ValidationError(e.items["value"][0])
        assert day is not None
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day.isoformat()
    e = v.Errors()
    text = v.text(e, "value", value, limit=MAX_ANSWER)
    if e.items:
        raise ValidationError(e.items["value"][0])
    return text or None


def clean_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every answer checked against its question; one ValidationError naming each refused one by its code.

    None stands for "no answer" (it clears a saved one).
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for code, value in answers.items():
        question = instrument.question(str(code))
        if question is None:
            errors.setdefault(str(code)[:60], []).append(_("This question is not in the instrument."))
            continue
        try:
            cleaned[question.code] = clean_answer(question, value)
        except ValidationError as exc:
            errors.setdefault(question.code, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def assessment_save(
    *, actor: Any, assessment: Assessment, answers: Mapping[str, Any], section: str | None = None
) -> Assessment:
    """Merge answers into a draft. Every answer is checked; one bad answer saves none of them.

    Answers to questions that the skip logic now hides are kept (a changed mind can bring them
    back) but never count in the result.
    """
    v.require(actor, "screening.change_assessment", assessment)
    instrument = instrument_of(assessment)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_answers(instrument, answers)
    except ValidationError as exc:
        errors = exc.message_dict
    if section is not None and instrument.section(section) is None:
        errors.setdefault("section", []).append(_("This section is not in the instrument."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.status != AssessmentStatus.DRAFT:
            raise ValidationError(_("This assessment is completed: its answers can no longer change."))
        merged = dict(current.answers)
        for code, value in cleaned.items():
            if value is None:
                merged.pop(code, None)
            else:
                merged[code] = value
        current.answers = merged
        current.section = section or current.section
        current.saves += 1
        current.save(update_fields=["answers", "section", "saves", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="assessment",
            object_ids=[current.pk],
            # How many, never which: with skip logic, the questions answered would tell the answers.
            detail={"answers": len(cleaned)},
        )
    return current


def missing_required(instrument: Instrument, answers: Mapping[str, Any]) -> list[str]:
    return [
        q.code
        for s in instrument.visible_sections(answers)
        for q in instrument.visible_questions(s, answers)
        if q.required and q.code not in answers
    ]


def assessment_complete(*, actor: Any, assessment: Assessment) -> Assessment:
    v.require(actor, "screening.change_assessment", assessment)
    instrument = instrument_of(assessment)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().select_related("case__person").get(pk=assessment.pk)
        if current.status != AssessmentStatus.DRAFT:
            raise ValidationError(_("This assessment is already completed."))
        live = instrument.live_answers(current.answers)
        if missing := missing_required(instrument, live):
            raise ValidationError(
                {q: [_("This question needs an answer before the assessment can be completed.")] for q in missing}
            )
        result = evaluate(instrument, live, **person_context(current.case, current.interviewed_on))
        current.result = result
        current.outcome = result["outcome"]
        current.rule_version = result.get("rule_version", "")
        current.status = AssessmentStatus.COMPLETED
        current.completed_by = actor
        current.completed_at = timezone.now()
        current.save()
        CaseEvent.objects.create(
            case=current.case,
            kind=CaseEvent.Kind.ASSESSED,
            actor=actor,
            detail={"assessment": str(current.pk), "instrument": instrument.key, "outcome": current.outcome},
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="assessment",
            object_ids=[current.pk],
            detail={"completed": True, "outcome": current.outcome},
            also={"case": [current.case_id]},
        )
    return current


def assessment_void(*, actor: Any, assessment: Assessment, reason: str) -> Assessment:
    """Set aside an assessment started by mistake or on the wrong case; it stays on record."""
    v.require(actor, "screening.change_assessment", assessment)
    e = v.Errors()
    reason = v.text(e, "reason", reason, limit=v.MAX_SHORT, required=True)
    e.raise_if_any()
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.status == AssessmentStatus.VOIDED:
            return current
        current.status = AssessmentStatus.VOIDED
        current.save(update_fields=["status", "updated_at"])
        CaseEvent.objects.create(
            case_id=current.case_id,
            kind=CaseEvent.Kind.ASSESSMENT_VOIDED,
            actor=actor,
            note=reason,
            detail={"assessment": str(current.pk), "instrument": f"{current.instrument}@{current.instrument_version}"},
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="assessment",
            object_ids=[current.pk],
            detail={"voided": True},
        )
    return current


def assessment_apply(
    *,
    actor: Any,
    assessment: Assessment,
    legal_status: str = "",
    risk_level: str = "",
    exploitation_types: Any = None,
    means_of_control: Any = None,
    note: str = "",
) -> Case:
    """Take findings a worker confirmed into the case: the timeline says who, on which assessment and evidence."""
    v.require(actor, "screening.apply_assessment", assessment)
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError(_("Complete the assessment before taking its findings into the case."))
    e = v.Errors()
    legal_status = v.choice(e, "legal_status", legal_status, LegalStatus.values, required=False)
    risk_level = v.choice(e, "risk_level", risk_level, RiskLevel.values, required=False)
    types = v.choices(e, "exploitation_types", exploitation_types, ExploitationType.values)
    means = v.choices(e, "means_of_control", means_of_control, MeansOfControl.values)
    note = v.text(e, "note", note, limit=v.MAX_TEXT)
    e.raise_if_any()
    from safepath.cases.services import case_bump

    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=assessment.case_id)
        changes: dict[str, Any] = {}
        if legal_status and legal_status != case.legal_status:
            changes["legal_status"] = legal_status
        if risk_level and risk_level != case.risk_level:
            changes["risk_level"] = risk_level
        if types and set(types) - set(case.exploitation_types):
            changes["exploitation_types"] = sorted(set(case.exploitation_types) | set(types))
        if means and set(means) - set(case.means_of_control):
            changes["means_of_control"] = sorted(set(case.means_of_control) | set(means))
        if not changes:
            raise ValidationError(_("Nothing to take into the case: choose at least one finding that changes it."))
        for field, value in changes.items():
            setattr(case, field, value)
        case_bump(case, list(changes))
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.DECIDED,
            actor=actor,
            note=note,
            detail={
                "assessment": str(assessment.pk),
                "instrument": f"{assessment.instrument}@{assessment.instrument_version}",
                "outcome": assessment.outcome,
                "rule_version": assessment.rule_version,
                "fields": sorted(changes),
            },
            # The values set and the indicators they rest on tell what happened to the person: encrypted.
            grounds={"fields": changes, "evidence": sorted((assessment.result or {}).get("evidence", {}))},
        )
        Assessment.objects.filter(pk=assessment.pk).update(applied_at=timezone.now())
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="case",
            object_ids=[case.pk],
            detail={"fields": sorted(changes), "from_assessment": str(assessment.pk)},
            seal_change_of=case,
        )
    return case
