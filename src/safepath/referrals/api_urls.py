from django.urls import path

from safepath.referrals import api

urlpatterns = [
    path("cases/<str:case_id>/referrals/", api.CaseReferralsApi.as_view(), name="api-case-referrals"),
    path("cases/<str:case_id>/transfers/", api.CaseTransfersApi.as_view(), name="api-case-transfers"),
    path("referrals/inbox/", api.ReferralInboxApi.as_view(), name="api-referral-inbox"),
    path("referrals/<str:referral_id>/", api.ReferralDetailApi.as_view(), name="api-referral"),
    path("referrals/<str:referral_id>/answer/", api.ReferralAnswerApi.as_view(), name="api-referral-answer"),
    path("referrals/<str:referral_id>/book/", api.ReferralBookApi.as_view(), name="api-referral-book"),
    path("referrals/<str:referral_id>/deliver/", api.ReferralDeliverApi.as_view(), name="api-referral-deliver"),
    path("referrals/<str:referral_id>/withdraw/", api.ReferralWithdrawApi.as_view(), name="api-referral-withdraw"),
    path("transfers/<str:transfer_id>/", api.TransferDetailApi.as_view(), name="api-transfer"),
    path("transfers/<str:transfer_id>/answer/", api.TransferAnswerApi.as_view(), name="api-transfer-answer"),
]
