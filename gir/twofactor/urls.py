from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("inloggen/tweede-stap/", views.verify, name="verify"),
    path("inloggen/tweede-stap/instellen/", views.setup, name="setup"),
    path("account/inlogbeveiliging/", views.manage, name="manage"),
    path("account/inlogbeveiliging/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/inlogbeveiliging/verwijderen/", views.remove, name="remove"),
]
