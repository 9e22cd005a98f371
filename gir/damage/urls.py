from django.urls import path

from . import views

app_name = "damage"
urlpatterns = [
    path("schade/", views.overview, name="overview"),
    path("meldingen/<int:pk>/schade/", views.incident_damage, name="incident"),
    path("meldingen/<int:pk>/schade/nieuw/", views.item_create, name="item_create"),
    path("meldingen/<int:pk>/schade/verhalen/", views.claim_create, name="claim_create"),
    path("schade/post/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("schade/verhaal/<int:claim_pk>/", views.claim_result, name="claim_result"),
]
