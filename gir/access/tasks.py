"""Background work of the access policy: those who may confirm a role grant are told."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from gir.accounts.constants import GrantStatus
from gir.accounts.models import RoleGrantRequest

from .kernel import Capability, users_with


@task
def notify_role_grant_requested(grant_id: int) -> int:
    """Mail every holder of CONFIRM_ROLE_GRANTS except the one who asked and the one who
    would receive the role: who asked what for whom, and the link to decide."""
    grant = (
        RoleGrantRequest.objects.select_related("user", "team", "requested_by").filter(pk=grant_id).first()
    )
    if grant is None or not grant.is_pending:
        return 0
    recipients = sorted(
        set(
            users_with(Capability.CONFIRM_ROLE_GRANTS)
            .exclude(pk__in=[grant.user_id, grant.requested_by_id])
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return 0
    words = {"what": grant.what, "user": grant.user, "by": grant.requested_by}
    body = _(
        "%(by)s vraagt in GIR de rol '%(what)s' aan voor %(user)s.\n\n"
        "Deze rol geeft toegang tot gegevens van incidenten. Hij gaat pas in als een tweede "
        "persoon de aanvraag bevestigt. Bevestig of wijs af op:\n\n%(link)s\n\n"
        "Herkent u deze aanvraag niet? Wijs hem dan af en meld het bij de "
        "functionaris gegevensbescherming."
    ) % {**words, "link": settings.SITE_URL + reverse("access:role_grants")}
    return send_mail(_("GIR: bevestig de toekenning van een rol"), body, None, recipients)


@task
def notify_role_grant_decided(grant_id: int) -> int:
    """Tell the one who asked, and the one it was for, what was decided."""
    grant = (
        RoleGrantRequest.objects.select_related("user", "team", "requested_by", "decided_by")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None or grant.is_pending:
        return 0
    recipients = sorted({u.email for u in (grant.requested_by, grant.user) if u.email and u.is_active})
    if not recipients:
        return 0
    words = {"what": grant.what, "user": grant.user, "by": grant.decided_by}
    if grant.status == GrantStatus.CONFIRMED:
        subject = _("GIR: rol toegekend")
        body = _("%(by)s heeft bevestigd dat %(user)s de rol '%(what)s' krijgt. De rol geldt nu.") % words
    else:
        subject = _("GIR: aanvraag voor een rol afgewezen")
        body = _(
            "%(by)s heeft de aanvraag voor de rol '%(what)s' voor %(user)s afgewezen. Reden: %(reason)s"
        ) % {
            **words,
            "reason": grant.reason,
        }
    return send_mail(subject, body, None, recipients)
