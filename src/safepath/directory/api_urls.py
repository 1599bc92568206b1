from django.urls import path

from safepath.directory import api

urlpatterns = [
    path("directory/providers/", api.ProviderListApi.as_view(), name="api-directory-providers"),
    path("directory/providers/<str:provider_id>/", api.ProviderDetailApi.as_view(), name="api-directory-provider"),
]
