from django.urls import path

from . import export_views, views

app_name = "reports"
urlpatterns = [
    path("rapportages/", views.dashboard, name="dashboard"),
    path("rapportages/tabellen.xlsx", export_views.tables, {"fmt": "xlsx"}, name="tables_xlsx"),
    path("rapportages/tabel.csv", export_views.tables, {"fmt": "csv"}, name="table_csv"),
    path("rapportages/kwartaaloverzicht.pdf", export_views.quarterly_pdf, name="quarterly_pdf"),
    path("rapportages/jaarverslag.pdf", export_views.annual_pdf, name="annual_pdf"),
    path("rapportages/export/", export_views.case_export, name="case_export"),
    path("rapportages/export/<int:pk>/", export_views.export_status, name="export"),
    path("rapportages/export/<int:pk>/bestand/", export_views.export_download, name="export_download"),
]
