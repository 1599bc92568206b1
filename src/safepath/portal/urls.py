from django.urls import path, re_path

from safepath.portal import staff_views, views

app_name = "portal"
L = r"^(?P<lang>vi|en)/"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("", views.root, name="root"),
    # Staff pages (login, Django's CSRF and sessions as everywhere else in SafePath).
    path("staff/profiles/", staff_views.profile_list, name="profile_list"),
    path("staff/profiles/new/", staff_views.profile_new, name="profile_new"),
    path("staff/profiles/<int:profile_id>/", staff_views.profile_detail, name="profile_detail"),
    path("staff/profiles/<int:profile_id>/edit/", staff_views.profile_edit, name="profile_edit"),
    path("staff/versions/<int:version_id>/", staff_views.version_detail, name="version_detail"),
    path("staff/versions/<int:version_id>/<str:action>/", staff_views.version_action, name="version_action"),
    path("staff/visits/", staff_views.visits, name="visits"),
    path("staff/help-reference/", staff_views.help_reference, name="help_reference"),
    # Public pages, no login and no cookies: /portal/vi/... and /portal/en/...
    re_path(L + r"$", views.home, name="home"),
    re_path(L + r"countries/$", views.countries, name="countries"),
    re_path(L + r"countries/" + SLUG + r"/$", views.country, name="country"),
    re_path(L + r"warnings/" + SLUG + r"/$", views.warning, name="warning"),
    re_path(L + r"checklist/$", views.checklist, name="checklist"),
    re_path(L + r"recruiter/$", views.recruiter_check, name="recruiter_check"),
    re_path(L + r"fees/$", views.fee_check, name="fee_check"),
    re_path(L + r"job-offer/$", views.offer_check, name="offer_check"),
    re_path(L + r"help/$", views.help_request, name="help"),
    # Anything else under /portal/ (staff pages excepted): the portal's own 404, without a cookie.
    re_path(r"^(?!staff/)(?P<rest>.*)$", views.not_found, name="not_found"),
]
