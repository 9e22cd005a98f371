from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("auditlog/", views.audit_log, name="audit_log"),
    path("auditlog/export/", views.audit_export, name="audit_export"),
]
