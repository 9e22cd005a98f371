from django.urls import path

from . import views

app_name = "police"
urlpatterns = [
    path("politie/", views.overview, name="overview"),
    path("meldingen/<int:pk>/politie/", views.incident_police, name="incident"),
    path("meldingen/<int:pk>/politie/nieuw/", views.report_create, name="report_create"),
    path("meldingen/<int:pk>/politie/dossier.pdf", views.dossier_pdf_view, name="dossier_pdf"),
    path("meldingen/<int:pk>/politie/dossier.zip", views.dossier_zip_view, name="dossier_zip"),
    path("meldingen/<int:pk>/arbeidsinspectie/", views.labour_notice, name="labour"),
    path("politie/<int:report_pk>/kopie/", views.copy_add, name="copy_add"),
    path("politie/<int:report_pk>/kopie/bekijken/", views.copy_download, name="copy_download"),
    path("politie/<int:report_pk>/verloop/", views.case_update, name="case_update"),
]
