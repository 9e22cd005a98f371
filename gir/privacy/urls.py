from django.urls import path

from . import retention_views, views

app_name = "privacy"
urlpatterns = [
    path("auditlog/", views.audit_log, name="audit_log"),
    path("auditlog/export/", views.audit_export, name="audit_export"),
    # The retention schedule (issue 19 item 4, ADR 0019).
    path("bewaartermijnen/", retention_views.schedule, name="retention"),
    path("bewaartermijnen/<int:pk>/", retention_views.rule_edit, name="retention_rule"),
    path("bewaartermijnen/proefrun/", retention_views.dry_run, name="retention_dry_run"),
    path("verwijderlog/", retention_views.log, name="deletion_log"),
    path("bewaarplicht/", retention_views.holds, name="legal_holds"),
    path("bewaarplicht/<int:pk>/opheffen/", retention_views.hold_lift, name="legal_hold_lift"),
]
