from django.urls import path

from safepath.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.provider_list, name="list"),
    path("new/", views.provider_create, name="create"),
    path("own/", views.provider_own, name="own"),
    path("network/", views.network, name="network"),
    path("network/new/", views.network_add, name="network_add"),
    path("network/<uuid:pk>/edit/", views.network_edit, name="network_edit"),
    path("network/<uuid:pk>/remove/", views.network_remove, name="network_remove"),
    path("services/<uuid:pk>/edit/", views.service_edit, name="service_edit"),
    path("<uuid:pk>/", views.provider_detail, name="detail"),
    path("<uuid:pk>/edit/", views.provider_edit, name="edit"),
    path("<uuid:pk>/deactivate/", views.provider_deactivate, name="deactivate"),
    path("<uuid:pk>/reactivate/", views.provider_reactivate, name="reactivate"),
    path("<uuid:pk>/services/new/", views.service_create, name="service_create"),
]
