"""Reports: dashboards, programme reports and de-identified exports. Each part keeps its own routes."""

from safepath.reports import views_dashboard, views_exports, views_reports

app_name = "reports"
urlpatterns = [*views_dashboard.urlpatterns, *views_reports.urlpatterns, *views_exports.urlpatterns]
