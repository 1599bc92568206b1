from django.contrib import admin
from django.urls import include, path

from safepath.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("users/", include("safepath.accounts.urls")),
    path("persons/", include("safepath.people.urls")),
    path("audit/", include("safepath.audit.urls")),
    path("places/", include("safepath.places.urls")),
    path("api/", include("safepath.config.api_urls")),
    path("django-admin/", admin.site.urls),
    path("", include("safepath.web.urls")),
]
