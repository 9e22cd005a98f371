from django.urls import path

from gir.incidents import views

from . import incident_views

# The incident's pages, under one namespace: its own (gir.incidents.views) and those
# that go through the protocol (the report form and the work list).
app_name = "incidents"
urlpatterns = [
    path("nieuw/", incident_views.report_create, name="create"),
    path("mijn/", views.my_list, name="mine"),
    path("werkvoorraad/", incident_views.handled_list, name="handled"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", incident_views.report_edit, name="edit"),
    path("<int:pk>/geschiedenis/", views.history, name="history"),
    path("<int:pk>/bewijs/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/bewijs/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
