"""iCalendar (.ics) for conferences: downloads, feeds and invitation mails.

The UID of a conference never changes, so that calendars update the event
instead of adding a second one: its domain is the setting
``SIKO_CALENDAR_DOMAIN``, not the host name the app runs under. SEQUENCE
follows the conference's version.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from konferenz.core.i18n import in_document_language

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Polizei NRW//SiKo//DE"


def conference_uid(conference):
    return f"siko-conference-{conference.pk}@{settings.SIKO_CALENDAR_DOMAIN}"


def conference_location(conference):
    parts = [conference.venue_name, conference.venue_room, conference.venue_address]
    location = ", ".join(p for p in parts if p)
    if conference.video_link and not location:
        location = conference.video_link
    return location


def _timed_event(conference):
    """UID, sequence, time (Europe/Berlin) and title: what every event has."""
    event = Event()
    event.add("uid", conference_uid(conference))
    event.add("sequence", conference.version)
    event.add("dtstamp", timezone.now())
    event.add(
        "dtstart",
        datetime.datetime.combine(conference.date, conference.start_time, BERLIN),
    )
    event.add(
        "dtend", datetime.datetime.combine(conference.date, conference.end_time, BERLIN)
    )
    event.add("summary", conference.title)
    return event


@in_document_language
def conference_event(conference, *, attendee=None, organizer_email=None):
    """One VEVENT; ``attendee`` is ``(name, email)`` for an invitation."""
    event = _timed_event(conference)
    location = conference_location(conference)
    if location:
        event.add("location", location)
    description = [conference.police_authority.name]
    if conference.host_name:
        description.append(gettext("Host: %(name)s") % {"name": conference.host_name})
    if conference.video_link:
        description.append(gettext("Video: %(link)s") % {"link": conference.video_link})
    if conference.directions:
        description.append(conference.directions)
    event.add("description", "\n".join(description))
    if conference.video_link:
        event.add("url", conference.video_link)
    if conference.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    if organizer_email:
        organizer = vCalAddress(f"mailto:{organizer_email}")
        organizer.params["cn"] = vText(conference.police_authority.name)
        event.add("organizer", organizer)
    if attendee:
        name, email = attendee
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    return event


@in_document_language
def feed_event(conference):
    """A VEVENT for the private calendar feed: metadata only (title, date,
    venue, status), never the notes, host or agenda."""
    event = _timed_event(conference)
    location = ", ".join(
        p for p in (conference.venue_name, conference.venue_address) if p
    )
    if location:
        event.add("location", location)
    status = conference.get_status_display()
    event.add(
        "description",
        gettext("%(authority)s\nStatus: %(status)s")
        % {"authority": conference.police_authority.name, "status": status},
    )
    event.add("status", "CANCELLED" if conference.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(events, *, method=None, name=None):
    """A VCALENDAR with the given events and their VTIMEZONE, as bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Berlin")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
