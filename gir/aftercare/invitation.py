"""The calendar invitation for an aftercare conversation (RFC 5545, with icalendar).

The invitation carries no incident details: a calendar is often shared or synced
to a phone. Rescheduling sends the same UID with a higher SEQUENCE, so calendar
programs move the appointment instead of adding a second one.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

from gir.core import clock

from .models import Conversation


def invitation_uid(conversation: Conversation) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "gir"
    return f"gir-nazorg-{conversation.pk}@{host}"


def invitation_ics(conversation: Conversation, *, cancel: bool = False) -> bytes:
    """The .ics for the conversation's planned time, or (cancel) the message that takes
    it out of the calendar again; the caller checks there is a time."""
    start = conversation.scheduled_at
    assert start is not None  # the caller checks there is a time
    calendar = Calendar()
    calendar.add("prodid", "-//GIR//Nazorg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    if cancel:
        event.add("status", "CANCELLED")
    event.add("uid", invitation_uid(conversation))
    event.add("sequence", conversation.invitation_sequence)
    event.add("dtstamp", clock.now().astimezone(dt.UTC))
    event.add("dtstart", start.astimezone(dt.UTC))
    event.add("dtend", (start + dt.timedelta(minutes=conversation.duration_minutes)).astimezone(dt.UTC))
    event.add("summary", _("Nazorggesprek"))
    event.add("location", conversation.place or conversation.get_mode_display())
    event.add(
        "description",
        _("Gesprek met %(worker)s van het Bedrijfs Opvang Team (%(mode)s).")
        % {
            "worker": conversation.worker.get_full_name() if conversation.worker else _("het BOT"),
            "mode": conversation.get_mode_display().lower(),
        },
    )
    if conversation.worker and conversation.worker.email:
        organizer = vCalAddress(f"mailto:{conversation.worker.email}")
        organizer.params["cn"] = vText(conversation.worker.get_full_name())
        event.add("organizer", organizer)
    if conversation.employee and conversation.employee.email:
        attendee = vCalAddress(f"mailto:{conversation.employee.email}")
        attendee.params["cn"] = vText(conversation.employee.get_full_name())
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
