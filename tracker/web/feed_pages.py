"""iCalendar feeds at secret, revocable addresses: meetings with their times in the group's zone
(with a VTIMEZONE of yearly rules, so every calendar shows 10:00 as 10:00 on both sides of a DST
change), deadlines with short titles, events and tasks' due dates as all-day entries. Outlook,
Google, Apple, Thunderbird and Nextcloud subscribe to the URL."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta

from flask import abort, url_for
from icalendar import Calendar, Event
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.app import runtime_of
from tracker.i18n import N_, normalise_language
from tracker.models import OPEN_STATUSES, DeadlineKind, FeedScope
from tracker.services import access, groups, meetings, tasks
from tracker.services.context import ServiceContext
from tracker.web.calendar_zone import vtimezone
from tracker.web.common import LIST_LIMIT, Formatter, bp, service_context

UID_DOMAIN = "tiltak"
# A calendar shows a title in one line: a deadline's whole sentence goes in its description.
TITLE_WIDTH = 60
# What a deadline is for, with and without its agenda item.
DEADLINE_TITLES = {
    DeadlineKind.CONTRIBUTION: (N_("Deadline: input to item {item}"), N_("Deadline: input")),
    DeadlineKind.MINUTES: (
        N_("Deadline: for the minutes, item {item}"),
        N_("Deadline: for the minutes"),
    ),
    DeadlineKind.GENERAL: (N_("Deadline: item {item}"), N_("Deadline: {title}")),
}


def _all_day(event: Event, first: date, last: date | None) -> None:
    event.add("dtstart", first)
    # DTEND of an all-day entry is the day after its last day (RFC 5545, 3.6.1).
    event.add("dtend", (last or first) + timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def _entry(uid: str, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def deadline_title(deadline: s.DeadlineView, fmt: Formatter) -> str:
    """A deadline's short title: what it is for and its agenda item, not the sentence it came
    from («Frist: innspill til sak 3»)."""
    with_item, without = DEADLINE_TITLES[deadline.kind]
    if deadline.agenda_item_label:
        return fmt.gettext(with_item, item=deadline.agenda_item_label)
    short = textwrap.shorten(deadline.title, TITLE_WIDTH, placeholder=" …")
    return fmt.gettext(without, title=short.rstrip("."))


def _meeting_text(meeting: s.MeetingView, fmt: Formatter) -> str:
    lines: list[str] = []
    for part in meeting.parts:
        when = fmt.span(part.starts_at, part.ends_at) + " " if part.starts_at else ""
        lines.append(f"{when}{part.title}")
        lines.extend(f"  {item.label}. {item.title}" for item in part.items)
    return "\n".join(lines)


def build_feed(
    ctx: ServiceContext, feed: access.FeedView, *, language: str, base_url: str
) -> bytes:
    """The calendar a feed stands for, as iCalendar text."""
    fmt = Formatter(normalise_language(language), ctx.zone)
    group = groups.get_group(ctx, group_id=feed.group_id)
    stamp = ctx.clock.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Tiltak//Tiltak//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = group.name
    if feed.scope == FeedScope.WORKGROUP:
        name = fmt.gettext(
            N_("{group} – workgroup {number}"), group=group.name, number=feed.workgroup_number
        )
    elif feed.scope == FeedScope.PERSON:
        name = fmt.gettext(N_("{group} – my calendar"), group=group.name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ctx.zone.key)
    # Calendars poll a subscription; once an hour is plenty for deadlines.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")

    def link(path: str) -> str:
        return base_url.rstrip("/") + path

    timed: list[datetime] = []
    for meeting in meetings.list_meetings(ctx, group_id=feed.group_id):
        timed.extend(t for t in (meeting.starts_at, meeting.ends_at) if t is not None)
        event = _entry(f"meeting-{meeting.id}", meeting.title, stamp)
        event.add("dtstart", meeting.starts_at.astimezone(ctx.zone))
        if meeting.ends_at is not None:
            event.add("dtend", meeting.ends_at.astimezone(ctx.zone))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", _meeting_text(meeting, fmt))
        event.add("url", link(url_for("web.meeting", meeting_id=meeting.id)))
        calendar.add_component(event)
    for deadline in meetings.list_deadlines(ctx, group_id=feed.group_id):
        if deadline.resolved_on is None:
            continue
        event = _entry(f"deadline-{deadline.id}", deadline_title(deadline, fmt), stamp)
        _all_day(event, deadline.resolved_on, None)
        event.add("description", deadline.title)
        calendar.add_component(event)
    if feed.scope != FeedScope.WORKGROUP:
        for happening in meetings.list_events(ctx, group_id=feed.group_id):
            event = _entry(f"event-{happening.id}", happening.title, stamp)
            _all_day(event, happening.starts_on, happening.ends_on)
            if happening.description:
                event.add("description", happening.description)
            calendar.add_component(event)
    owner_id = feed.person_id if feed.scope == FeedScope.PERSON else None
    workgroup_id = feed.workgroup_id if feed.scope == FeedScope.WORKGROUP else None
    found = tasks.list_tasks(
        ctx,
        group_id=feed.group_id,
        owner_id=owner_id,
        workgroup_id=workgroup_id,
        statuses=OPEN_STATUSES,
        limit=LIST_LIMIT,
    )
    for task in found:
        if task.due_on is None:
            continue
        event = _entry(f"task-{task.id}", f"#{task.id} {task.title}", stamp)
        _all_day(event, task.due_on, None)
        details = [
            fmt.gettext(N_("Workgroup {number}"), number=task.workgroup_number)
            + f" {task.workgroup_name}",
            fmt.status(task.status),
        ]
        if task.owner_name:
            details.append(task.owner_name)
        event.add("description", " · ".join(details))
        event.add("url", link(url_for("web.task", task_id=task.id)))
        calendar.add_component(event)
    if timed:
        # Zone rules for the span of the timed entries (placed before them, as calendars expect).
        local = [t.astimezone(ctx.zone).date() for t in timed]
        calendar.subcomponents.insert(0, vtimezone(ctx.zone, min(local), max(local)))
    ical: bytes = calendar.to_ical()
    return ical


@bp.get("/feeds/<token>.ics")
def feed(token: str) -> Response:
    """A calendar feed; the secret address is its only credential, so unknown and revoked ones
    answer the same 404."""
    runtime = runtime_of()
    ctx = service_context()
    found = access.feed_for_token(ctx, token=token)
    if found is None:
        abort(404)
    # The service answers a feed only while its owner reads the group (any of theirs).
    owner = access.web_user(ctx, person_id=found.person_id)
    if owner is None:
        abort(404)
    body = build_feed(
        ctx, found, language=owner.person.language, base_url=runtime.settings.base_url
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="tiltak.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
