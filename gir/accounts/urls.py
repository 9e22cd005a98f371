from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import LoginForm
from .sso import views as sso

app_name = "accounts"
urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("inloggen/sso/", sso.ProviderLoginView.as_view(), name="oidc_login"),
    path("inloggen/sso/terug/", sso.ProviderCallbackView.as_view(), name="oidc_callback"),
    path("uitloggen/", sso.LogoutView.as_view(), name="logout"),
]
