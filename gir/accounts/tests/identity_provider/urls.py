from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="idp/login.html"), name="login"),
    path("test/person/", views.person),
    path("test/client/", views.client),
    path("", include("oidc_provider.urls", namespace="oidc_provider")),
]
