from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.template_list_view, name="templates"),
    path("nieuw/", views.template_create, name="template_create"),
    path("voorbeeld/", views.template_preview, name="template_preview"),
    path("privacyverklaring/", views.privacy_notice_edit, name="privacy_notice"),
    path("<int:pk>/", views.template_edit, name="template_edit"),
    path("maatregel/<int:measure_pk>/nieuw/", views.issue, name="issue"),
    path("maatregel/<int:measure_pk>/dossier/", views.measure_file, name="measure_file"),
    path("<int:letter_pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:letter_pk>/word/", views.letter_docx, name="docx"),
    path("exemplaar/<int:copy_pk>/gedaan/", views.copy_done, name="copy_done"),
]
