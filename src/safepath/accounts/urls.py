from django.urls import path

from safepath.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("agencies/", views.agency_list_view, name="agency_list"),
    path("agencies/new/", views.agency_form_view, name="agency_create"),
    path("agencies/<str:agency_id>/", views.agency_form_view, name="agency_edit"),
    path("new/", views.user_create_view, name="user_create"),
    path("<str:user_id>/", views.user_edit_view, name="user_edit"),
    path("<str:user_id>/password/", views.user_password_view, name="user_password"),
    path("<str:user_id>/unlock/", views.user_unlock_view, name="user_unlock"),
]
