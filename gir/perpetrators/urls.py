from django.urls import path

from .views import measures, register

app_name = "perpetrators"

urlpatterns = [
    path("", register.register_list, name="list"),
    path("nieuw/", register.perpetrator_create, name="create"),
    path("dubbelen/", register.duplicates, name="duplicates"),
    path("koppelen/<int:incident_pk>/", register.incident_link, name="link"),
    path("koppelen/<int:incident_pk>/ontkoppelen/", register.incident_unlink, name="unlink"),
    path("<int:pk>/", register.perpetrator_detail, name="detail"),
    path("<int:pk>/wijzigen/", register.perpetrator_edit, name="edit"),
    path("<int:pk>/samenvoegen/", register.merge, name="merge"),
    path("<int:pk>/foto/", register.photo, name="photo"),
    path("<int:pk>/maatregel/nieuw/", measures.measure_create, name="measure_create"),
    path("maatregel/<int:pk>/", measures.measure_detail, name="measure"),
    path("maatregel/<int:pk>/besluit/", measures.measure_decide, name="measure_decide"),
    path("maatregel/<int:pk>/termijn/", measures.measure_answer_term, name="measure_answer_term"),
    path("maatregel/<int:pk>/zienswijze/", measures.measure_answer, name="measure_answer"),
    path("maatregel/<int:pk>/zienswijze/bestand/", measures.measure_answer_file, name="measure_answer_file"),
    path("maatregel/<int:pk>/meegedeeld/", measures.measure_communicate, name="measure_communicate"),
    path("maatregel/<int:pk>/ordegesprek/", measures.measure_plan_meeting, name="measure_plan_meeting"),
    path(
        "maatregel/<int:pk>/ordegesprek/uitkomst/",
        measures.measure_record_meeting,
        name="measure_record_meeting",
    ),
    path("maatregel/<int:pk>/bezwaar/", measures.objection_record, name="objection_record"),
    path("maatregel/<int:pk>/bezwaar/beslissen/", measures.objection_decide, name="objection_decide"),
    path("maatregel/<int:pk>/intrekken/", measures.measure_withdraw, name="measure_withdraw"),
]
