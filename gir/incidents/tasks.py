from django.conf import settings
from django.core.mail import send_mass_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors


@task
def notify_new_report(incident_id: int) -> int:
    """Tell the incident's handlers there is a new report. The mail holds a link and
    no personal details (names, facts) — it may end up on any device."""
    incident, recipients = selectors.new_report_recipients(incident_id)
    if incident is None or not recipients:
        return 0
    url = settings.SITE_URL + reverse("incidents:detail", args=[incident.pk])
    subject = _("GIR: nieuwe melding %(reference)s") % {"reference": incident.reference}
    body = _(
        "Er is een nieuwe melding van agressie of geweld waarvoor u aan zet bent.\n\n"
        "Bekijk de melding in GIR (inloggen nodig):\n%(url)s\n\n"
        "Deze e-mail bevat bewust geen namen of details."
    ) % {"url": url}
    messages = [(subject, body, None, [address]) for address in recipients]
    return send_mass_mail(messages, fail_silently=False)
