from django.urls import path

from safepath.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("new/<str:case_id>/", views.referral_new, name="new"),
    path("<str:pk>/", views.referral_detail, name="detail"),
    path("<str:pk>/pdf/", views.referral_pdf, name="pdf"),
    path("<str:pk>/do/<str:action>/", views.referral_action, name="action"),
    path("transfers/new/<str:case_id>/", views.transfer_new, name="transfer_new"),
    path("transfers/<str:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<str:pk>/do/<str:action>/", views.transfer_action, name="transfer_action"),
]
