from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("nieuw/", views.report_create, name="create"),
    path("mijn/", views.my_list, name="mine"),
    path("werkvoorraad/", views.handled_list, name="handled"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.report_edit, name="edit"),
    path("<int:pk>/geschiedenis/", views.history, name="history"),
    path("<int:pk>/bewijs/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/bewijs/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
