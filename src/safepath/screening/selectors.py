"""Reading assessments: every read of one is checked by the policy module and written to the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.core import policy
from safepath.screening.models import Assessment


def access_assessment(*, user: Any, assessment_id: Any, purpose: str = "view") -> Assessment:
    """The assessment if the user may read it; 404 for missing and forbidden alike. Audited with case and person."""
    assessment = (
        Assessment.objects.select_related("case", "case__person", "case__agency", "started_by", "completed_by")
        .filter(pk=assessment_id if policy.is_uuid(assessment_id) else None)
        .first()
    )
    if assessment is None or not user.has_perm("screening.view_assessment", assessment):
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT if purpose == "print" else Action.VIEW,
        object_type="assessment",
        object_ids=[assessment.pk],
        purpose=purpose,
        also={"case": [assessment.case_id], "person": [assessment.case.person_id]},
    )
    return assessment


def case_assessments(*, user: Any, case: Case) -> QuerySet[Assessment]:
    """A case's assessments for its page (the caller has opened the case); answers are not decrypted."""
    return (
        Assessment.objects.filter(policy.assessment_scope(user), case=case)
        .defer("answers")
        .select_related("started_by", "completed_by")
        .order_by("-created_at")
    )
