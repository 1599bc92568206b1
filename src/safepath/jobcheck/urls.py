"""The job-offer and fee checks have no pages of their own: the portal app builds them (portal/)."""

from django.urls import URLPattern, URLResolver

app_name = "jobcheck"
urlpatterns: list[URLPattern | URLResolver] = []
