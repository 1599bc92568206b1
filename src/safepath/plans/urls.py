from django.urls import path

from safepath.plans import views

app_name = "plans"

urlpatterns = [
    path("cases/<uuid:case_id>/plans/new/", views.plan_new, name="new"),
    path("plans/<uuid:pk>/", views.plan_detail, name="detail"),
    path("plans/<uuid:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("plans/<uuid:pk>/<slug:action>/", views.plan_action, name="action"),
    path("plans/goals/<uuid:pk>/<slug:action>/", views.goal_action, name="goal_action"),
    path("plans/services/<uuid:pk>/<slug:action>/", views.service_action, name="service_action"),
]
