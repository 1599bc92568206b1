from django.urls import path

from safepath.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<uuid:pk>/", views.event_detail, name="event"),
    path("events/<uuid:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<uuid:pk>/participants/", views.participant_add, name="participant_add"),
    path("events/<uuid:pk>/scores/", views.scores_save, name="scores_save"),
    path("events/<uuid:pk>/materials/", views.materials_hand_out, name="materials_hand_out"),
    path("events/<uuid:pk>/materials/return/", views.material_return, name="material_return"),
    path("participants/<uuid:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<uuid:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("materials/", views.material_list, name="material_list"),
    path("materials/new/", views.material_new, name="material_new"),
    path("materials/<uuid:pk>/", views.material_detail, name="material"),
    path("materials/<uuid:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<uuid:pk>/file/", views.material_file, name="material_file"),
    path("materials/<uuid:pk>/stock/", views.stock_move, name="stock_move"),
    path("materials/<uuid:pk>/threshold/", views.stock_threshold, name="stock_threshold"),
    path("figures/", views.figures, name="figures"),
]
