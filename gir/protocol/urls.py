from django.urls import path

from . import rule_views, views

app_name = "protocol"
urlpatterns = [
    path("taken/", views.my_tasks, name="tasks"),
    path("taken/<int:pk>/", views.step_detail, name="step"),
    path("taken/<int:pk>/gedaan/", views.step_complete, name="step_complete"),
    path("taken/<int:pk>/niet-nodig/", views.step_waive, name="step_waive"),
    path("meldingen/<int:pk>/afhandelen/", views.incident_close, name="close"),
    path("meldingen/<int:pk>/heropenen/", views.incident_reopen, name="reopen"),
    path("meldingen/<int:pk>/behandelaar/", views.handler_assign, name="assign"),
    path("protocol/", rule_views.rule_list, name="rules"),
    path("protocol/nieuw/", rule_views.rule_create, name="rule_create"),
    path("protocol/<int:pk>/", rule_views.rule_edit, name="rule_edit"),
]
