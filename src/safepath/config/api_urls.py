from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from safepath.accounts.api import ObtainTokenApi
from safepath.cases import api as cases_api
from safepath.people.api import PersonDetailApi, PersonListCreateApi
from safepath.plans import api as plans_api
from safepath.screening import api as screening_api

urlpatterns = [
    path("auth/token/", ObtainTokenApi.as_view(), name="api-token"),
    path("persons/", PersonListCreateApi.as_view(), name="api-persons"),
    path("persons/<str:person_id>/", PersonDetailApi.as_view(), name="api-person"),
    path("intake/", cases_api.IntakeListCreateApi.as_view(), name="api-intake-list"),
    path("intake/<str:intake_id>/", cases_api.IntakeDetailApi.as_view(), name="api-intake"),
    path("intake/<str:intake_id>/take/", cases_api.IntakeTakeApi.as_view(), name="api-intake-take"),
    path("intake/<str:intake_id>/close/", cases_api.IntakeCloseApi.as_view(), name="api-intake-close"),
    path("consultations/", cases_api.ConsultationListCreateApi.as_view(), name="api-consultations"),
    path("consultations/<str:consultation_id>/", cases_api.ConsultationDetailApi.as_view(), name="api-consultation"),
    path("cases/", cases_api.CaseListCreateApi.as_view(), name="api-cases"),
    path("cases/<str:case_id>/", cases_api.CaseDetailApi.as_view(), name="api-case"),
    path("cases/<str:case_id>/transition/", cases_api.CaseTransitionApi.as_view(), name="api-case-transition"),
    path("cases/<str:case_id>/close/", cases_api.CaseCloseApi.as_view(), name="api-case-close"),
    path(
        "cases/<str:case_id>/closure-decision/",
        cases_api.CaseClosureDecisionApi.as_view(),
        name="api-case-closure-decision",
    ),
    path("cases/<str:case_id>/assign/", cases_api.CaseAssignApi.as_view(), name="api-case-assign"),
    path("cases/<str:case_id>/notes/", cases_api.CaseNotesApi.as_view(), name="api-case-notes"),
    path("cases/<str:case_id>/tasks/", cases_api.CaseTasksApi.as_view(), name="api-case-tasks"),
    path("tasks/", cases_api.TaskListApi.as_view(), name="api-tasks"),
    path("tasks/<str:task_id>/status/", cases_api.TaskStatusApi.as_view(), name="api-task-status"),
    path("cases/<str:case_id>/assessments/", screening_api.CaseAssessmentsApi.as_view(), name="api-case-assessments"),
    path("cases/<str:case_id>/entitlements/", plans_api.CaseEntitlementsApi.as_view(), name="api-case-entitlements"),
    path("cases/<str:case_id>/plans/", plans_api.CasePlansApi.as_view(), name="api-case-plans"),
    path("instruments/", screening_api.InstrumentListApi.as_view(), name="api-instruments"),
    path("instruments/<str:code>/", screening_api.InstrumentDetailApi.as_view(), name="api-instrument"),
    path("screening/evaluate/", screening_api.EvaluateApi.as_view(), name="api-screening-evaluate"),
    path("assessments/<str:assessment_id>/", screening_api.AssessmentDetailApi.as_view(), name="api-assessment"),
    path(
        "assessments/<str:assessment_id>/answers/",
        screening_api.AssessmentAnswersApi.as_view(),
        name="api-assessment-answers",
    ),
    path(
        "assessments/<str:assessment_id>/complete/",
        screening_api.AssessmentCompleteApi.as_view(),
        name="api-assessment-complete",
    ),
    path(
        "assessments/<str:assessment_id>/apply/",
        screening_api.AssessmentApplyApi.as_view(),
        name="api-assessment-apply",
    ),
    path(
        "assessments/<str:assessment_id>/void/", screening_api.AssessmentVoidApi.as_view(), name="api-assessment-void"
    ),
    path("plans/goals/<str:goal_id>/services/", plans_api.GoalServicesApi.as_view(), name="api-goal-services"),
    path(
        "plans/services/<str:service_id>/progress/",
        plans_api.ServiceProgressApi.as_view(),
        name="api-service-progress",
    ),
    path("plans/<str:plan_id>/", plans_api.PlanDetailApi.as_view(), name="api-plan"),
    path("plans/<str:plan_id>/goals/", plans_api.PlanGoalsApi.as_view(), name="api-plan-goals"),
    path("plans/<str:plan_id>/submit/", plans_api.PlanSubmitApi.as_view(), name="api-plan-submit"),
    path("plans/<str:plan_id>/decision/", plans_api.PlanDecisionApi.as_view(), name="api-plan-decision"),
    path("plans/<str:plan_id>/reviews/", plans_api.PlanReviewsApi.as_view(), name="api-plan-reviews"),
    path("plans/<str:plan_id>/close/", plans_api.PlanCloseApi.as_view(), name="api-plan-close"),
    path("", include("safepath.notifications.api_urls")),
    path("", include("safepath.directory.api_urls")),
    path("", include("safepath.referrals.api_urls")),
    path("", include("safepath.shelters.api_urls")),
    path("", include("safepath.reintegration.api_urls")),
    path("", include("safepath.feedback.api_urls")),
    path("", include("safepath.recruiters.api_urls")),
    path("", include("safepath.outreach.api_urls")),
    path("", include("safepath.portal.api_urls")),
    path("", include("safepath.reports.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
