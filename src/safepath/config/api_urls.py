from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from safepath.accounts.api import ObtainTokenApi
from safepath.people.api import PersonDetailApi, PersonListCreateApi

urlpatterns = [
    path("auth/token/", ObtainTokenApi.as_view(), name="api-token"),
    path("persons/", PersonListCreateApi.as_view(), name="api-persons"),
    path("persons/<str:person_id>/", PersonDetailApi.as_view(), name="api-person"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
