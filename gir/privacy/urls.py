from django.urls import path

from . import views
from .subjects import views as subjects

app_name = "privacy"
urlpatterns = [
    path("auditlog/", views.audit_log, name="audit_log"),
    path("auditlog/export/", views.audit_export, name="audit_export"),
    # The rights of the person in the register (issue 19 item 5).
    path("verzoeken/", subjects.request_list, name="subject_requests"),
    path("verzoeken/persoon/<int:pk>/nieuw/", subjects.request_create, name="subject_request_create"),
    path("verzoeken/<int:pk>/", subjects.request_decide, name="subject_request_decide"),
    path("verzoeken/<int:pk>/verlengen/", subjects.request_extend, name="subject_request_extend"),
    path("inzage/persoon/<int:pk>/", subjects.access_overview, name="subject_access_pdf"),
]
