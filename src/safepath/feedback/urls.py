from django.urls import path

from safepath.feedback import views

app_name = "feedback"
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("cases/<uuid:case_id>/", views.case_form, name="case_form"),
    path("cases/<uuid:case_id>/thanks/", views.case_thanks, name="case_thanks"),
    path("cases/<uuid:case_id>/link/", views.case_link, name="case_link"),
    # The person's own phone, no login: /feedback/f/ asks for the short code, /feedback/f/<code>/ is the form.
    path("f/", views.public_start, name="public_start"),
    path("f/<str:code>/", views.public_form, name="public"),
    path("thanks/", views.public_thanks, name="public_thanks"),
]
