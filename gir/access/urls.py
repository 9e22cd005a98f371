from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("rollen/aanvragen/", views.role_grants, name="role_grants"),
    path("rollen/aanvragen/<int:pk>/bevestigen/", views.role_grant_confirm, name="role_grant_confirm"),
    path("rollen/aanvragen/<int:pk>/afwijzen/", views.role_grant_refuse, name="role_grant_refuse"),
]
