"""Intake, consultations, cases, notes and tasks over the API: the same selectors, services, policy and audit as the web.

Access is decided by the selectors (404 for missing and forbidden alike) and the services
(403 with their message); lists a role may not use at all answer 403, as for persons. Reads are
audited by the selectors, with channel "api" (set for every /api/ request by the middleware).
"""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.cases import selectors, services
from safepath.cases.errors import EditConflict
from safepath.cases.models import Case
from safepath.cases.serializers import (
    CaseAssignInput,
    CaseCloseInput,
    CaseConflict,
    CaseCreateInput,
    CaseFieldsSerializer,
    CaseListQuery,
    CaseOutput,
    CaseTransitionInput,
    CaseUpdateInput,
    ClosureDecisionInput,
    ConsultationCreateInput,
    ConsultationFieldsSerializer,
    ConsultationListQuery,
    ConsultationOutput,
    IntakeCloseInput,
    IntakeInputSerializer,
    IntakeListQuery,
    IntakeOutput,
    NoteInput,
    NoteOutput,
    TaskInput,
    TaskListQuery,
    TaskOutput,
    TaskStatusInput,
)
from safepath.core.api import all_body, all_of, check, input_of, merged, out, page_body, page_of, reference, valid
from safepath.people.selectors import access_person_by_id


# --- intake ----------------------------------------------------------------------------------------
class IntakeListCreateApi(APIView):
    @extend_schema(
        operation_id="intake_list", parameters=[IntakeListQuery], responses=page_of("IntakePage", IntakeOutput)
    )
    def get(self, request: Request) -> Response:
        check(request, "cases.view_intake_list")
        q = valid(IntakeListQuery, request.query_params)
        page = selectors.intake_list(
            user=request.user, status="" if q["status"] == "all" else q["status"], channel=q["channel"], page=q["page"]
        )
        return Response(page_body(IntakeOutput, request, page))

    @extend_schema(operation_id="intake_create", request=IntakeInputSerializer, responses={201: IntakeOutput})
    def post(self, request: Request) -> Response:
        check(request, "cases.add_intake")
        data = input_of(IntakeInputSerializer, request.data).to_input()
        item = services.intake_log(actor=request.user, data=data)
        item = selectors.access_intake_by_id(user=request.user, intake_id=item.pk, purpose="created")
        return Response(out(IntakeOutput, request, item), status=status.HTTP_201_CREATED)


class IntakeDetailApi(APIView):
    @extend_schema(operation_id="intake_retrieve", responses=IntakeOutput)
    def get(self, request: Request, intake_id: str) -> Response:
        item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id)
        return Response(out(IntakeOutput, request, item))


class IntakeTakeApi(APIView):
    @extend_schema(
        operation_id="intake_take",
        description="Take the item: it shows as being handled by you.",
        request=None,
        responses=IntakeOutput,
    )
    def post(self, request: Request, intake_id: str) -> Response:
        item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="take")
        item = services.intake_take(actor=request.user, item=item)
        return Response(out(IntakeOutput, request, item))


class IntakeCloseApi(APIView):
    @extend_schema(
        operation_id="intake_close",
        description="Close the item without follow-up, with a reason.",
        request=IntakeCloseInput,
        responses=IntakeOutput,
    )
    def post(self, request: Request, intake_id: str) -> Response:
        item = selectors.access_intake_by_id(user=request.user, intake_id=intake_id, purpose="close")
        data = valid(IntakeCloseInput, request.data)
        item = services.intake_close(actor=request.user, item=item, reason=data["reason"])
        return Response(out(IntakeOutput, request, item))


# --- consultations ---------------------------------------------------------------------------------
class ConsultationListCreateApi(APIView):
    @extend_schema(
        operation_id="consultations_list",
        parameters=[ConsultationListQuery],
        responses=page_of("ConsultationPage", ConsultationOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "cases.view_consultation_list")
        q = valid(ConsultationListQuery, request.query_params)
        page_no = q.pop("page")
        page = selectors.consultation_list(user=request.user, filters=selectors.ConsultationFilters(**q), page=page_no)
        return Response(page_body(ConsultationOutput, request, page))

    @extend_schema(
        operation_id="consultations_create",
        description="Record a counselling session; anonymous when no person is given. "
        "With a person, sex, age band and home province come from the person's record.",
        request=ConsultationCreateInput,
        responses={201: ConsultationOutput},
    )
    def post(self, request: Request) -> Response:
        check(request, "cases.add_consultation")
        ser = input_of(ConsultationCreateInput, request.data)
        user = request.user
        refs = ser.validated_data
        person = intake = None
        if refs["person"] is not None:
            person = reference(
                "person", access_person_by_id, user=user, person_id=refs["person"], purpose="consultation"
            )
        if refs["intake"] is not None:
            intake = reference(
                "intake", selectors.access_intake_by_id, user=user, intake_id=refs["intake"], purpose="convert"
            )
        c = services.consultation_record(actor=user, data=ser.to_input(), person=person, intake=intake)
        c = selectors.access_consultation_by_id(user=user, consultation_id=c.pk, purpose="created")
        return Response(out(ConsultationOutput, request, c), status=status.HTTP_201_CREATED)


class ConsultationDetailApi(APIView):
    @extend_schema(operation_id="consultations_retrieve", responses=ConsultationOutput)
    def get(self, request: Request, consultation_id: str) -> Response:
        c = selectors.access_consultation_by_id(user=request.user, consultation_id=consultation_id)
        return Response(out(ConsultationOutput, request, c))

    @extend_schema(
        operation_id="consultations_partial_update",
        description="Change the fields sent; the others keep their values. The person cannot be changed here.",
        request=ConsultationFieldsSerializer,
        responses=ConsultationOutput,
    )
    def patch(self, request: Request, consultation_id: str) -> Response:
        c = selectors.access_consultation_by_id(user=request.user, consultation_id=consultation_id, purpose="edit")
        check(request, "cases.change_consultation", c)
        fields = merged(ConsultationFieldsSerializer.fields_of(c), request.data)
        data = input_of(ConsultationFieldsSerializer, fields).to_input()
        c = services.consultation_update(actor=request.user, consultation=c, data=data)
        return Response(out(ConsultationOutput, request, c))


# --- cases -----------------------------------------------------------------------------------------
def _case_out(request: Request, case: Case) -> Any:
    return out(CaseOutput, request, case)


class CaseListCreateApi(APIView):
    @extend_schema(operation_id="cases_list", parameters=[CaseListQuery], responses=page_of("CasePage", CaseOutput))
    def get(self, request: Request) -> Response:
        check(request, "cases.view_case_list")
        q = valid(CaseListQuery, request.query_params)
        filters = selectors.CaseFilters(
            q=q["q"],
            status=q["status"],
            case_type=q["case_type"],
            risk_level=q["risk_level"],
            caseworker_id=q["caseworker"],
            province_id=q["province"],
            opened_from=q["opened_from"],
            opened_to=q["opened_to"],
            mine=q["mine"],
        )
        page = selectors.case_list(user=request.user, filters=filters, page=q["page"])
        prefetch_related_objects(list(page.object_list), "transit_countries")
        return Response(page_body(CaseOutput, request, page))

    @extend_schema(
        operation_id="cases_create",
        description="Open a case for a person you can see. The number is given by the agency "
        "(AGENCY-CODE-YEAR-NNNNNN); a caseworker who opens a case becomes its caseworker.",
        request=CaseCreateInput,
        responses={201: CaseOutput},
    )
    def post(self, request: Request) -> Response:
        check(request, "cases.add_case")
        ser = input_of(CaseCreateInput, request.data)
        user = request.user
        refs = ser.validated_data
        person = reference("person", access_person_by_id, user=user, person_id=refs["person"], purpose="case_open")
        intake = None
        if refs["intake"] is not None:
            intake = reference(
                "intake", selectors.access_intake_by_id, user=user, intake_id=refs["intake"], purpose="convert"
            )
        data = ser.to_input()
        data.opened_on = refs["opened_on"]
        case = services.case_open(actor=user, person=person, data=data, intake=intake)
        # case_open makes its opener caseworker or supervisor of a highly sensitive case, so it is open to them.
        case = selectors.access_case_by_id(user=user, case_id=case.pk, purpose="created")
        return Response(_case_out(request, case), status=status.HTTP_201_CREATED)


_CONFLICT = OpenApiResponse(
    CaseConflict, description="Someone saved the case since the version you sent: nothing was saved"
)


class CaseDetailApi(APIView):
    @extend_schema(operation_id="cases_retrieve", responses=CaseOutput)
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id)
        return Response(_case_out(request, case))

    @extend_schema(
        operation_id="cases_update",
        description="Save the case details. `version` is the one you read; if someone saved in "
        "between, the answer is 409 with both versions.",
        request=CaseUpdateInput,
        responses={200: CaseOutput, 409: _CONFLICT},
    )
    def put(self, request: Request, case_id: str) -> Response:
        return self._save(request, case_id, partial=False)

    @extend_schema(
        operation_id="cases_partial_update",
        description="Change the fields sent (with `version`, the one you read); the others keep "
        "their values. If someone saved in between, the answer is 409 with both versions.",
        request=CaseUpdateInput,
        responses={200: CaseOutput, 409: _CONFLICT},
    )
    def patch(self, request: Request, case_id: str) -> Response:
        return self._save(request, case_id, partial=True)

    def _save(self, request: Request, case_id: str, *, partial: bool) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="edit")
        check(request, "cases.change_case", case)
        if partial:
            data = merged(CaseFieldsSerializer.fields_of(case), request.data)
        else:
            data = request.data
        ser = input_of(CaseUpdateInput, data)
        version = ser.validated_data["version"]
        try:
            case = services.case_update(actor=request.user, case=case, data=ser.to_input(), expected_version=version)
        except EditConflict as exc:
            yours = {**CaseFieldsSerializer.api_names(exc.attempted), "version": version}
            body = {
                "detail": exc.messages[0],
                "code": "conflict",
                "changed_fields": exc.changed_fields,
                "current": _case_out(request, exc.current),
                "yours": CaseUpdateInput(yours).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(_case_out(request, case))


class CaseTransitionApi(APIView):
    @extend_schema(
        operation_id="cases_transition",
        description="Move an open case to another open status (see `next_statuses`).",
        request=CaseTransitionInput,
        responses=CaseOutput,
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="transition")
        data = valid(CaseTransitionInput, request.data)
        case = services.case_transition(actor=request.user, case=case, to_status=data["status"], note=data["note"])
        return Response(_case_out(request, case))


class CaseCloseApi(APIView):
    @extend_schema(
        operation_id="cases_close",
        description="Close the case, or ask for a supervisor's approval first when the agency "
        "requires it (`closure_pending` is then true).",
        request=CaseCloseInput,
        responses=CaseOutput,
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="close")
        data = valid(CaseCloseInput, request.data)
        case = services.case_request_closure(actor=request.user, case=case, reason=data["reason"], note=data["note"])
        return Response(_case_out(request, case))


class CaseClosureDecisionApi(APIView):
    @extend_schema(
        operation_id="cases_closure_decision",
        description="The case's supervisor approves a pending closure (the case closes) or sends it back with a note.",
        request=ClosureDecisionInput,
        responses=CaseOutput,
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="closure_decision")
        data = valid(ClosureDecisionInput, request.data)
        case = services.case_decide_closure(actor=request.user, case=case, approve=data["approve"], note=data["note"])
        return Response(_case_out(request, case))


class CaseAssignApi(APIView):
    @extend_schema(
        operation_id="cases_assign",
        description="Assign the caseworker and supervisor (supervisors only).",
        request=CaseAssignInput,
        responses=CaseOutput,
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="assign")
        data = valid(CaseAssignInput, request.data)
        case = services.case_assign(
            actor=request.user,
            case=case,
            caseworker_id=data.get("caseworker", case.caseworker_id),
            supervisor_id=data.get("supervisor", case.supervisor_id),
            note=data["note"],
        )
        return Response(_case_out(request, case))


# --- notes and tasks -------------------------------------------------------------------------------
class CaseNotesApi(APIView):
    @extend_schema(operation_id="cases_notes_list", responses=all_of("NoteList", NoteOutput))
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="notes")
        notes = selectors.case_notes(case=case)
        return Response(all_body(NoteOutput, request, notes))

    @extend_schema(operation_id="cases_notes_create", request=NoteInput, responses={201: NoteOutput})
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="add_note")
        data = valid(NoteInput, request.data)
        note = services.note_add(actor=request.user, case=case, body=data["body"])
        return Response(out(NoteOutput, request, note), status=status.HTTP_201_CREATED)


class CaseTasksApi(APIView):
    @extend_schema(operation_id="cases_tasks_list", responses=all_of("TaskList", TaskOutput))
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="tasks")
        tasks = selectors.case_tasks(case=case)
        for task in tasks:
            task.case = case
        return Response(all_body(TaskOutput, request, tasks))

    @extend_schema(operation_id="cases_tasks_create", request=TaskInput, responses={201: TaskOutput})
    def post(self, request: Request, case_id: str) -> Response:
        case = selectors.access_case_by_id(user=request.user, case_id=case_id, purpose="add_task")
        data = valid(TaskInput, request.data)
        task = services.task_add(
            actor=request.user,
            case=case,
            title=data["title"],
            due_on=data["due_on"],
            assigned_to_id=data["assigned_to"],
            kind=data["kind"],
        )
        return Response(out(TaskOutput, request, task), status=status.HTTP_201_CREATED)


class TaskListApi(APIView):
    @extend_schema(
        operation_id="tasks_list",
        description="Open tasks, the earliest due first: yours, or (supervisors, scope=agency) the agency's.",
        parameters=[TaskListQuery],
        responses=page_of("TaskPage", TaskOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "cases.view_case_list")
        q = valid(TaskListQuery, request.query_params)
        page = selectors.task_list(user=request.user, scope=q["scope"], overdue_only=q["overdue"], page=q["page"])
        return Response(page_body(TaskOutput, request, page))


class TaskStatusApi(APIView):
    @extend_schema(
        operation_id="tasks_status",
        description="Mark a task done, cancel it, or open it again.",
        request=TaskStatusInput,
        responses=TaskOutput,
    )
    def post(self, request: Request, task_id: str) -> Response:
        task = selectors.access_task_by_id(user=request.user, task_id=task_id)
        data = valid(TaskStatusInput, request.data)
        task = services.task_set_status(actor=request.user, task=task, status=data["status"])
        return Response(out(TaskOutput, request, task))
