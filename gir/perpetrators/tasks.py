"""Background work of the register: bans announced, measures started and ended,
personal data removed after its retention period (DESIGN §3)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from crontask import cron

from gir.access.kernel import Capability, users_with


@task
def notify_ban_active(measure_id: int) -> int:
    """Tell reception and the configured staff list that a new ban is active: no
    personal details in the mail, only a link to the list (001 §7.1, §8.1)."""
    reception = users_with(Capability.RECEIVE_BAN_NOTICES).exclude(email="")
    recipients = sorted({*reception.values_list("email", flat=True), *settings.GIR_BAN_NOTICE_RECIPIENTS})
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("reception:ban_list")
    body = _(
        "Er is een nieuw toegangsverbod ingegaan. "
        "Bekijk het actuele overzicht van toegangsverboden in GIR:\n\n"
        "%(link)s\n\nDeze e-mail bevat bewust geen persoonsgegevens."
    ) % {"link": link}
    return send_mail(_("GIR: nieuw toegangsverbod"), body, None, recipients)


@cron(settings.GIR_MEASURE_SCHEDULE)
@task
def refresh_measures_and_forget() -> dict[str, int]:
    """Daily: start and end measures by their dates, then remove expired personal data."""
    from .services import measures_refresh, perpetrators_forget_due

    counts = measures_refresh()
    counts["forgotten"] = perpetrators_forget_due()
    return counts
