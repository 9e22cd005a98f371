from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from crontask import cron

from gir.incidents.models import Incident

from .notices import notices_plan, notices_send


@task
def notify_handler_assigned(incident_id: int) -> int:
    """Tell the new handler; a link and the reference only, never names or facts."""
    incident = Incident.objects.select_related("handler").filter(pk=incident_id).first()
    if incident is None or incident.handler is None or not incident.handler.email:
        return 0
    url = settings.SITE_URL + reverse("incidents:detail", args=[incident.pk])
    subject = _("GIR: u bent behandelaar van melding %(reference)s") % {"reference": incident.reference}
    body = _(
        "U bent behandelaar geworden van een melding van agressie of geweld.\n\n"
        "Bekijk de melding en de stappen die volgen in GIR (inloggen nodig):\n%(url)s\n\n"
        "Deze e-mail bevat bewust geen namen of details."
    ) % {"url": url}
    return send_mail(subject, body, None, [incident.handler.email])


@cron(settings.GIR_NOTICE_SCHEDULE)
@task
def process_step_notices() -> int:
    """One round of reminders and escalations (001 §10.3); returns the mails sent.

    `manage.py crontask` enqueues it on GIR_NOTICE_SCHEDULE. Running it twice at
    the same time (two schedulers, a manual round) sends nothing twice.
    """
    notices_plan()
    return notices_send()
