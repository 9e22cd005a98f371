"""The user's own password (change it, or have a link mailed when forgotten) and the
session's timer (how long is left, stay logged in). Django's auth views do the work;
GIR adds the audit entries, the new session id and its templates."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from .forms import GirPasswordResetForm
from .passwords import RESET_EMAIL_TEMPLATE, RESET_SUBJECT_TEMPLATE, reset_mail_extra
from .services import password_changed_log
from .sessions import keep_alive, seconds_left, session_rotate


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # saves, and keeps the user logged in
        session_rotate(self.request)
        password_changed_log(user=form.user)
        messages.success(self.request, _("Uw wachtwoord is gewijzigd."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = GirPasswordResetForm
    email_template_name = RESET_EMAIL_TEMPLATE
    subject_template_name = RESET_SUBJECT_TEMPLATE
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **reset_mail_extra()}

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = reset_mail_extra()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed_log(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How many seconds the session has left; asking does not extend it."""
    return JsonResponse({"seconds_left": seconds_left(request)})


@require_POST
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Blijf ingelogd": the idle limit starts again."""
    return JsonResponse({"seconds_left": keep_alive(request)})
