from django.urls import path

from safepath.shelters import api

urlpatterns = [
    path("shelters/facilities/", api.FacilityListApi.as_view(), name="api-shelters-facilities"),
    path(
        "shelters/facilities/<str:facility_id>/board/",
        api.FacilityBoardApi.as_view(),
        name="api-shelters-facility-board",
    ),
    path(
        "shelters/facilities/<str:facility_id>/census/",
        api.FacilityCensusApi.as_view(),
        name="api-shelters-facility-census",
    ),
    path(
        "shelters/facilities/<str:facility_id>/figures/",
        api.FacilityFiguresApi.as_view(),
        name="api-shelters-facility-figures",
    ),
    path("cases/<str:case_id>/stays/", api.CaseStaysApi.as_view(), name="api-case-stays"),
    path("shelters/stays/<str:stay_id>/", api.StayDetailApi.as_view(), name="api-shelters-stay"),
    path(
        "shelters/stays/<str:stay_id>/extensions/",
        api.StayExtensionsApi.as_view(),
        name="api-shelters-stay-extensions",
    ),
    path(
        "shelters/stays/<str:stay_id>/discharge/",
        api.StayDischargeApi.as_view(),
        name="api-shelters-stay-discharge",
    ),
    path(
        "shelters/extensions/<str:extension_id>/decision/",
        api.ExtensionDecisionApi.as_view(),
        name="api-shelters-extension-decision",
    ),
]
