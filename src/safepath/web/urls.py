from django.urls import path

from safepath.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("system/keys/", views.keys, name="keys"),
    path("jobs/<str:job_id>/", views.job, name="job"),
]
