from django.urls import path

from safepath.cases import views, views_pdf

app_name = "cases"

urlpatterns = [
    path("intake/", views.intake_list, name="intake_list"),
    path("intake/new/", views.intake_create, name="intake_create"),
    path("intake/<str:intake_id>/", views.intake_detail, name="intake_detail"),
    path("intake/<str:intake_id>/person/", views.intake_person, name="intake_person"),
    path("intake/<str:intake_id>/person/new/", views.intake_register, name="intake_register"),
    path("intake/<str:intake_id>/person/duplicates/", views.intake_duplicates, name="intake_duplicates"),
    path("intake/<str:intake_id>/<str:action>/", views.intake_action, name="intake_action"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<str:consultation_id>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<str:consultation_id>/edit/", views.consultation_edit, name="consultation_edit"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<str:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<str:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<str:case_id>/pdf/", views_pdf.case_pdf, name="case_pdf"),
    path("cases/<str:case_id>/status/", views.case_transition, name="case_transition"),
    path("cases/<str:case_id>/close/", views.case_close, name="case_close"),
    path("cases/<str:case_id>/closure-decision/", views.case_closure_decision, name="case_closure_decision"),
    path("cases/<str:case_id>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<str:case_id>/assign/", views.case_assign, name="case_assign"),
    path("cases/<str:case_id>/notes/", views.note_add, name="note_add"),
    path("cases/<str:case_id>/tasks/", views.task_add, name="task_add"),
    path("cases/<str:case_id>/consents/", views.consent_add, name="consent_add"),
    path("cases/<str:case_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("cases/<str:case_id>/recruiter-contacts/", views.recruiter_contact_add, name="recruiter_contact_add"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<str:task_id>/status/", views.task_status, name="task_status"),
    path("consents/<str:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("attachments/<str:attachment_id>/", views.attachment_download, name="attachment_download"),
]
