from django.urls import path

from safepath.reintegration import views

app_name = "reintegration"

urlpatterns = [
    path("cases/<uuid:case_id>/new/", views.plan_new, name="new"),
    path("plans/<uuid:pk>/", views.plan_detail, name="plan"),
    path("plans/<uuid:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("supports/<uuid:pk>/<slug:action>/", views.support_action, name="support_action"),
    path("visits/<uuid:pk>/", views.visit_form, name="visit"),
    path("visits/<uuid:pk>/result/", views.visit_result, name="visit_result"),
    path("persons/<uuid:person_id>/trend/", views.trend, name="trend"),
    path("indicators/", views.indicator_set, name="indicators"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<uuid:pk>/", views.group_detail, name="group"),
    path("groups/<uuid:pk>/<slug:action>/", views.group_action, name="group_action"),
    path("groups/members/<uuid:pk>/leave/", views.member_leave, name="member_leave"),
]
