from django.urls import path

from safepath.recruiters import views

app_name = "recruiters"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:import_id>/rejected.csv", views.import_rejected_csv, name="import_rejected_csv"),
    path("imports/<uuid:import_id>/make-current/", views.import_make_current, name="import_make_current"),
]
