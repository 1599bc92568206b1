from django.urls import path

from safepath.reintegration import api

urlpatterns = [
    path("cases/<str:case_id>/reintegration/", api.CaseReintegrationApi.as_view(), name="api-case-reintegration"),
    path("reintegration/indicators/", api.IndicatorSetApi.as_view(), name="api-reintegration-indicators"),
    path("reintegration/plans/<str:plan_id>/", api.ReintegrationPlanApi.as_view(), name="api-reintegration-plan"),
    path(
        "reintegration/plans/<str:plan_id>/start/",
        api.ReintegrationStartApi.as_view(),
        name="api-reintegration-plan-start",
    ),
    path(
        "reintegration/plans/<str:plan_id>/end/", api.ReintegrationEndApi.as_view(), name="api-reintegration-plan-end"
    ),
    path(
        "reintegration/plans/<str:plan_id>/supports/",
        api.ReintegrationSupportsApi.as_view(),
        name="api-reintegration-plan-supports",
    ),
    path(
        "reintegration/plans/<str:plan_id>/scores/",
        api.ReintegrationScoresApi.as_view(),
        name="api-reintegration-plan-scores",
    ),
    path(
        "reintegration/supports/<str:support_id>/",
        api.ReintegrationSupportApi.as_view(),
        name="api-reintegration-support",
    ),
    path("reintegration/visits/<str:visit_id>/", api.FollowUpVisitApi.as_view(), name="api-reintegration-visit"),
    path("reintegration/groups/", api.GroupListApi.as_view(), name="api-reintegration-groups"),
    path("reintegration/groups/<str:group_id>/", api.GroupDetailApi.as_view(), name="api-reintegration-group"),
    path(
        "reintegration/groups/<str:group_id>/members/",
        api.GroupMembersApi.as_view(),
        name="api-reintegration-group-members",
    ),
    path(
        "reintegration/groups/<str:group_id>/meetings/",
        api.GroupMeetingsApi.as_view(),
        name="api-reintegration-group-meetings",
    ),
]
