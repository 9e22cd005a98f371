from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
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
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sessie/", views.session_status, name="session_status"),
    path("sessie/verlengen/", views.session_keep_alive, name="session_keep_alive"),
]
