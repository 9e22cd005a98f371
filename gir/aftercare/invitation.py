"""The calendar invitation for an aftercare conversation (RFC 5545, with icalendar).

The invitation carries no incident details and no names: a calendar is often shared
or synced to a phone, and colleagues see its titles. Its title is a neutral "Gesprek";
it says when, how and where (the place the worker typed, needed to get there), and the
addresses of the worker and the employee, which the calendar needs to answer (without
their names; issue 19 item 3). Rescheduling sends the same UID with a higher SEQUENCE, so calendar
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
    event.add("summary", _("Gesprek"))
    event.add("location", conversation.place or conversation.get_mode_display())
    event.add(
        "description",
        _("Afspraak uit GIR (%(mode)s). Wie u spreekt, ziet u in GIR.")
        % {"mode": conversation.get_mode_display().lower()},
    )
    if conversation.worker and conversation.worker.email:
        event.add("organizer", vCalAddress(f"mailto:{conversation.worker.email}"))
    if conversation.employee and conversation.employee.email:
        attendee = vCalAddress(f"mailto:{conversation.employee.email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
