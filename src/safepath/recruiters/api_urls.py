from django.urls import path

from safepath.recruiters import api

urlpatterns = [
    path("recruiters/enterprises/", api.RecruiterEnterpriseListApi.as_view(), name="api-recruiters-enterprises"),
    path("recruiters/check/", api.RecruiterCheckApi.as_view(), name="api-recruiters-check"),
]
