from django.urls import path

from safepath.feedback import api

urlpatterns = [
    path("feedback/", api.FeedbackApi.as_view(), name="api-feedback"),
    path("feedback/summary/", api.FeedbackSummaryApi.as_view(), name="api-feedback-summary"),
]
