from django.urls import path

from . import lockout_views

app_name = "lockouts"
urlpatterns = [
    path("blokkades/", lockout_views.lockout_list, name="list"),
    path("blokkades/opheffen/", lockout_views.lockout_unlock, name="unlock"),
]
