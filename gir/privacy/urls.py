from django.urls import path

from . import retention_views, views
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
    # The retention schedule (issue 19 item 4, ADR 0023).
    path("bewaartermijnen/", retention_views.schedule, name="retention"),
    path("bewaartermijnen/<int:pk>/", retention_views.rule_edit, name="retention_rule"),
    path("bewaartermijnen/proefrun/", retention_views.dry_run, name="retention_dry_run"),
    path("verwijderlog/", retention_views.log, name="deletion_log"),
    path("bewaarplicht/", retention_views.holds, name="legal_holds"),
    path("bewaarplicht/<int:pk>/opheffen/", retention_views.hold_lift, name="legal_hold_lift"),
]
