from django.urls import path

from . import evaluation_views, plan_views

app_name = "learning"
urlpatterns = [
    path("evaluatie/melding/<int:pk>/", evaluation_views.evaluation, name="evaluation"),
    path("verbeteren/catalogus/", evaluation_views.catalogue, name="catalogue"),
    path("verbeteren/", plan_views.plans, name="plans"),
    path("verbeteren/acties/nieuw/", plan_views.action_add, name="action_add"),
    path("verbeteren/acties/<int:pk>/", plan_views.action, name="action"),
    path("verbeteren/werkoverleg/", plan_views.meetings, name="meetings"),
    path("verbeteren/werkoverleg/<int:pk>/", plan_views.meeting, name="meeting"),
]
