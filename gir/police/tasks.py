"""Background work of the police files: the coordinator is told a copy arrived."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with


@task
def notify_copy_received(report_id: int) -> int:
    """Tell the coordinators that the copy of an aangifte is in GIR (001 §7.4 stap 4):
    a link only, no details in the mail."""

    from .models import PoliceReport

    report = PoliceReport.objects.select_related("incident").filter(pk=report_id).first()
    if report is None:
        return 0
    recipients = sorted(
        set(users_with(Capability.HANDLE_ALL_INCIDENTS).exclude(email="").values_list("email", flat=True))
    )
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("police:incident", args=[report.incident_id])
    body = _(
        "De kopie van de aangifte bij melding %(ref)s staat in GIR:\n\n%(link)s\n\n"
        "Deze e-mail bevat bewust geen details van het incident."
    ) % {"ref": report.incident.reference, "link": link}
    return send_mail(
        _("GIR: kopie aangifte ontvangen (%(ref)s)") % {"ref": report.incident.reference},
        body,
        None,
        recipients,
    )
