from django.urls import path

from . import evaluation_views, views

app_name = "duties"
urlpatterns = [
    path("takenkalender/", views.calendar, name="calendar"),
    path("takenkalender/taken/<int:pk>/", views.task, name="task"),
    path("takenkalender/takentabel/", views.table, name="table"),
    path("takenkalender/takentabel/nieuw/", views.duty_add, name="duty_add"),
    path("takenkalender/takentabel/<int:pk>/", views.duty, name="duty"),
    path("takenkalender/beleidsevaluatie/", evaluation_views.policy_evaluations, name="policy_evaluations"),
    path(
        "takenkalender/beleidsevaluatie/<int:year>/",
        evaluation_views.policy_evaluation,
        name="policy_evaluation",
    ),
]
