"""API routes of the reports app: indicators and their published figures."""

from django.urls import path

from safepath.reports import api

urlpatterns = [
    path("reports/indicators/", api.ReportsIndicatorListApi.as_view(), name="api-reports-indicators"),
    path("reports/indicators/<str:code>/", api.ReportsIndicatorDetailApi.as_view(), name="api-reports-indicator"),
]
