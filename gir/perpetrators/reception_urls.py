from django.urls import path

from . import reception_views

app_name = "reception"

urlpatterns = [
    path("", reception_views.check, name="check"),
    path("toegangsverboden/", reception_views.ban_list, name="ban_list"),
    path("toegangsverboden.pdf", reception_views.ban_list_pdf, name="ban_list_pdf"),
]
