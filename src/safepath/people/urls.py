from django.urls import path

from safepath.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("new/duplicates/", views.person_duplicates, name="duplicates"),
    path("<str:person_id>/", views.person_detail, name="detail"),
    path("<str:person_id>/edit/", views.person_edit, name="edit"),
]
