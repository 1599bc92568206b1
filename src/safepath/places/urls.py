from django.urls import path

from safepath.places import views

app_name = "places"
urlpatterns = [
    path("wards/", views.ward_options, name="ward_options"),
]
