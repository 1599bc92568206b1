from django.contrib import admin
from django.urls import include, path, re_path

from safepath.web import views as web_views

BLOCKED_ACCOUNT_PAGES = ["signup/", "email/", "password/set/", "login/code/confirm/"]

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Staff accounts are managed by administrators: no self sign-up, no e-mail addresses to manage,
    # no password reset by e-mail (administrators set new passwords). Those allauth pages answer 404.
    *[path(f"accounts/{p}", web_views.not_offered) for p in BLOCKED_ACCOUNT_PAGES],
    re_path(r"^accounts/(password/reset|confirm-email)/", web_views.not_offered),
    path("accounts/", include("allauth.urls")),
    path("users/", include("safepath.accounts.urls")),
    path("persons/", include("safepath.people.urls")),
    path("audit/", include("safepath.audit.urls")),
    path("", include("safepath.cases.urls")),
    path("", include("safepath.screening.urls")),
    path("", include("safepath.plans.urls")),
    path("notifications/", include("safepath.notifications.urls")),
    path("directory/", include("safepath.directory.urls")),
    path("referrals/", include("safepath.referrals.urls")),
    path("shelters/", include("safepath.shelters.urls")),
    path("reintegration/", include("safepath.reintegration.urls")),
    path("feedback/", include("safepath.feedback.urls")),
    path("places/", include("safepath.places.urls")),
    path("recruiters/", include("safepath.recruiters.urls")),
    path("jobcheck/", include("safepath.jobcheck.urls")),
    path("outreach/", include("safepath.outreach.urls")),
    # The public portal for migrants and families: no login, no cookies, /portal/vi/ and /portal/en/.
    path("portal/", include("safepath.portal.urls")),
    path("reports/", include("safepath.reports.urls")),
    path("api/", include("safepath.config.api_urls")),
    path("django-admin/", admin.site.urls),
    path("", include("safepath.web.urls")),
]
