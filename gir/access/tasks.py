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
    would receive the role: that a role waits for a second person, and the link to decide.
    Who asked it for whom is on that page, never in the mail (issue 19 item 3)."""
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
    body = _(
        "Iemand vraagt in GIR een rol aan die toegang geeft tot gegevens van incidenten. "
        "De rol gaat pas in als een tweede persoon de aanvraag bevestigt. "
        "Bekijk de aanvraag en bevestig of wijs af op:\n\n%(link)s\n\n"
        "Herkent u deze aanvraag niet? Wijs hem dan af en meld het bij de "
        "functionaris gegevensbescherming.\n\n"
        "Deze e-mail bevat bewust geen namen."
    ) % {"link": settings.SITE_URL + reverse("access:role_grants")}
    return send_mail(_("GIR: bevestig de toekenning van een rol"), body, None, recipients)


@task
def notify_role_grant_decided(grant_id: int) -> int:
    """Tell the one who asked, and the one it was for, what was decided: the decision and
    a link; who decided, for whom and why is in GIR (issue 19 item 3)."""
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
    if grant.status == GrantStatus.CONFIRMED:
        subject = _("GIR: rol toegekend")
        text = _("Een aanvraag voor een rol is bevestigd. De rol geldt nu.")
    else:
        subject = _("GIR: aanvraag voor een rol afgewezen")
        text = _("Een aanvraag voor een rol is afgewezen. De reden staat in GIR.")
    body = _("%(text)s\n\nGIR (inloggen nodig):\n%(link)s\n\nDeze e-mail bevat bewust geen namen.") % {
        "text": text,
        # Not the page of role grants: the one it was for may not see that page.
        "link": settings.SITE_URL + reverse("home:home"),
    }
    return send_mail(subject, body, None, recipients)
