from django.urls import path

from . import views

app_name = "perpetrators"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("nieuw/", views.perpetrator_create, name="create"),
    path("dubbelen/", views.duplicates, name="duplicates"),
    path("koppelen/<int:incident_pk>/", views.incident_link, name="link"),
    path("koppelen/<int:incident_pk>/ontkoppelen/", views.incident_unlink, name="unlink"),
    path("<int:pk>/", views.perpetrator_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.perpetrator_edit, name="edit"),
    path("<int:pk>/samenvoegen/", views.merge, name="merge"),
    path("<int:pk>/foto/", views.photo, name="photo"),
    path("<int:pk>/maatregel/nieuw/", views.measure_create, name="measure_create"),
    path("maatregel/<int:pk>/", views.measure_detail, name="measure"),
    path("maatregel/<int:pk>/besluit/", views.measure_decide, name="measure_decide"),
    path("maatregel/<int:pk>/meegedeeld/", views.measure_communicate, name="measure_communicate"),
    path("maatregel/<int:pk>/ordegesprek/", views.measure_plan_meeting, name="measure_plan_meeting"),
    path(
        "maatregel/<int:pk>/ordegesprek/uitkomst/",
        views.measure_record_meeting,
        name="measure_record_meeting",
    ),
    path("maatregel/<int:pk>/bezwaar/", views.objection_record, name="objection_record"),
    path("maatregel/<int:pk>/bezwaar/beslissen/", views.objection_decide, name="objection_decide"),
    path("maatregel/<int:pk>/intrekken/", views.measure_withdraw, name="measure_withdraw"),
]
