from django.urls import path

from safepath.shelters import views

app_name = "shelters"

urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("new/", views.facility_new, name="facility_new"),
    path("<uuid:pk>/", views.board, name="board"),
    path("<uuid:pk>/census/", views.census, name="census"),
    path("<uuid:pk>/figures/", views.figures, name="figures"),
    path("<uuid:pk>/settings/", views.facility_settings, name="facility_settings"),
    path("stays/<uuid:pk>/", views.stay_detail, name="stay_detail"),
    path("cases/<uuid:case_id>/admit/", views.admit, name="admit"),
]
