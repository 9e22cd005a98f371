"""Background work of aftercare: invitations and requests by mail (DESIGN §3)."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with


@task
def send_invitation(conversation_id: int) -> int:
    """Mail the employee the invitation with its .ics: when, how and where, and a link; no
    incident details and no names, not even the employee's own or the worker's (a mail
    is forwarded and read on any device; issue 19 item 3). Who the talk is with is in
    GIR, and a reply goes to the worker."""
    from .invitation import invitation_ics
    from .models import Conversation

    conversation = (
        Conversation.objects.select_related("employee", "worker").filter(pk=conversation_id).first()
    )
    if (
        conversation is None
        or conversation.is_finished  # held or declined meanwhile: nothing to invite to
        or conversation.scheduled_at is None
        or not conversation.employee
    ):
        return 0
    when = timezone.localtime(conversation.scheduled_at)
    body = _(
        "Beste collega,\n\n"
        "U bent uitgenodigd voor een nazorggesprek op %(date)s om %(time)s (%(mode)s%(place)s).\n"
        "Het gesprek is met iemand van het Bedrijfs Opvang Team. Nazorg is vrijwillig: "
        "wilt u liever geen gesprek of past het moment niet, laat het dan weten.\n\n"
        "In de bijlage staat de afspraak voor uw agenda. Uw eigen nazorg ziet u in GIR:\n%(link)s\n"
    ) % {
        "date": when.strftime("%d-%m-%Y"),
        "time": when.strftime("%H:%M"),
        "mode": conversation.get_mode_display().lower(),
        "place": f", {conversation.place}" if conversation.place else "",
        "link": settings.SITE_URL + reverse("aftercare:mine"),
    }
    reply_to = [conversation.worker.email] if conversation.worker and conversation.worker.email else []
    message = EmailMessage(
        subject=_("Uitnodiging nazorggesprek %(date)s") % {"date": when.strftime("%d-%m-%Y %H:%M")},
        body=body,
        to=[conversation.employee.email],
        reply_to=reply_to,
    )
    message.attach("nazorggesprek.ics", invitation_ics(conversation), "text/calendar; method=REQUEST")
    return message.send()


@task
def send_cancellation(conversation_id: int) -> int:
    """Take an invited appointment out of the employee's calendar: the talk was held
    or declined before it."""
    from .invitation import invitation_ics
    from .models import Conversation

    conversation = (
        Conversation.objects.select_related("employee", "worker").filter(pk=conversation_id).first()
    )
    if conversation is None or conversation.scheduled_at is None or not conversation.employee:
        return 0
    when = timezone.localtime(conversation.scheduled_at)
    body = _(
        "Beste collega,\n\n"
        "De afspraak voor een nazorggesprek op %(date)s om %(time)s vervalt. In de bijlage staat het "
        "bericht dat de afspraak uit uw agenda haalt.\n\n"
        "Wilt u later toch (weer) een gesprek? Dat kan altijd:\n%(link)s\n"
    ) % {
        "date": when.strftime("%d-%m-%Y"),
        "time": when.strftime("%H:%M"),
        "link": settings.SITE_URL + reverse("aftercare:mine"),
    }
    message = EmailMessage(
        subject=_("Afspraak nazorggesprek %(date)s vervalt") % {"date": when.strftime("%d-%m-%Y %H:%M")},
        body=body,
        to=[conversation.employee.email],
    )
    message.attach(
        "nazorggesprek.ics", invitation_ics(conversation, cancel=True), "text/calendar; method=CANCEL"
    )
    return message.send()


@task
def notify_aftercare_requested(conversation_id: int) -> int:
    """Tell who works the incident's aftercare that an employee asked for it: a link,
    no details. On the restricted track that is its handler (001 §6.4)."""

    from .models import Conversation

    conversation = Conversation.objects.select_related("incident__handler").filter(pk=conversation_id).first()
    if conversation is None:
        return 0
    incident = conversation.incident
    if incident.is_restricted:
        handler = incident.handler
        recipients = [handler.email] if handler and handler.is_active and handler.email else []
        link = settings.SITE_URL + reverse("aftercare:incident", args=[incident.pk])
    else:
        recipients = sorted(
            set(users_with(Capability.WORK_AFTERCARE_STEPS).exclude(email="").values_list("email", flat=True))
        )
        link = settings.SITE_URL + reverse("aftercare:worklist")
    if not recipients:
        return 0
    body = _(
        "Een medewerker vraagt om nazorg. Neem contact op en plan een gesprek:\n\n%(link)s\n\n"
        "Deze e-mail bevat bewust geen namen of details."
    ) % {"link": link}
    return send_mail(_("GIR: vraag om nazorg"), body, None, recipients)
