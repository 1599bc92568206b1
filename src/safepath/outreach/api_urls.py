from django.urls import path

from safepath.outreach import api

urlpatterns = [
    path("outreach/events/", api.OutreachEventListApi.as_view(), name="api-outreach-events"),
    path("outreach/events/<str:event_id>/", api.OutreachEventDetailApi.as_view(), name="api-outreach-event"),
    path(
        "outreach/events/<str:event_id>/participants/",
        api.OutreachEventParticipantsApi.as_view(),
        name="api-outreach-event-participants",
    ),
    path(
        "outreach/events/<str:event_id>/materials/",
        api.OutreachEventMaterialsApi.as_view(),
        name="api-outreach-event-materials",
    ),
    path("outreach/materials/", api.OutreachMaterialListApi.as_view(), name="api-outreach-materials"),
    path(
        "outreach/materials/<str:material_id>/movements/",
        api.OutreachMaterialMovementsApi.as_view(),
        name="api-outreach-material-movements",
    ),
]
