from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/voorbeeld.xlsx", views.example, {"kind": "xlsx"}, name="example_xlsx"),
    path("import/voorbeeld.csv", views.example, {"kind": "csv"}, name="example_csv"),
    path("import/<int:pk>/", views.detail, name="detail"),
    path("import/<int:pk>/kolommen/", views.mapping, name="mapping"),
    path("import/<int:pk>/controle/", views.report, name="report"),
    path("import/<int:pk>/importeren/", views.start, name="start"),
]
