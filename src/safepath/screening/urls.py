from django.urls import path

from safepath.screening import views

app_name = "screening"

urlpatterns = [
    path("cases/<uuid:case_id>/assessments/new/", views.assessment_new, name="new"),
    path("assessments/<uuid:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<uuid:pk>/section/<slug:section>/", views.assessment_section, name="section"),
    path("assessments/<uuid:pk>/answer/", views.assessment_answer, name="answer"),
    path("assessments/<uuid:pk>/review/", views.assessment_review, name="review"),
    path("assessments/<uuid:pk>/apply/", views.assessment_apply, name="apply"),
    path("assessments/<uuid:pk>/void/", views.assessment_void, name="void"),
    path("instruments/<slug:code>/print/", views.instrument_print, name="print"),
]
