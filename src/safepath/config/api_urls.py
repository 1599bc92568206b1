from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from safepath.accounts.api import ObtainTokenApi
from safepath.cases import api as cases_api
from safepath.people.api import PersonDetailApi, PersonListCreateApi

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
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
