from django.urls import path

from . import views

app_name = "aftercare"
urlpatterns = [
    path("nazorg/", views.worklist, name="worklist"),
    path("nazorg/mijn/", views.mine, name="mine"),
    path("nazorg/rapportage/", views.report, name="report"),
    path("nazorg/rapportage.pdf", views.report_pdf, name="report_pdf"),
    path("nazorg/melding/<int:pk>/", views.incident_aftercare, name="incident"),
    path("nazorg/melding/<int:pk>/plannen/", views.schedule_new, name="schedule_new"),
    path("nazorg/melding/<int:pk>/vastleggen/", views.record_new, name="record_new"),
    path("nazorg/melding/<int:pk>/afgeslagen/", views.decline_new, name="decline_new"),
    path("nazorg/melding/<int:pk>/vragen/", views.request_aftercare, name="request"),
    path("nazorg/gesprek/<int:conversation_pk>/", views.conversation_detail, name="conversation"),
    path("nazorg/gesprek/<int:conversation_pk>/plannen/", views.schedule, name="schedule"),
    path("nazorg/gesprek/<int:conversation_pk>/uitnodigen/", views.invite, name="invite"),
    path("nazorg/gesprek/<int:conversation_pk>/uitnodiging.ics", views.invitation_download, name="ics"),
    path("nazorg/gesprek/<int:conversation_pk>/vastleggen/", views.record, name="record"),
    path("nazorg/gesprek/<int:conversation_pk>/afgeslagen/", views.decline, name="decline"),
]
