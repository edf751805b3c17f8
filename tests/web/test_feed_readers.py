"""The calendar feeds read the same in the three libraries calendars are built on: ical.js (the
library of Thunderbird and Nextcloud, run with Node), vobject and icalendar, each reading the
zone from the VTIMEZONE inside the feed. Over a year with both DST changes, every entry of
every feed (a person's, a workgroup's, the group's) shows the Oslo wall-clock time of the
database in all three.

ical.js is installed from npm into tests/feeds/node_modules by tests/feeds/ensure_icaljs.sh,
which `make test` runs."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar
from web_support import LEAD, MEMBER, nb

from tracker import schemas as s
from tracker.models import Channel, FeedScope, Meeting
from tracker.services import access, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

OSLO = ZoneInfo("Europe/Oslo")
FEEDS_DIR = Path(__file__).parent.parent / "feeds"
READER = FEEDS_DIR / "read_feeds.mjs"
MakeTask = Callable[..., s.TaskView]
# Wall-clock start and end: "YYYY-MM-DDTHH:MM" for a time, "YYYY-MM-DD" for a day.
Times = dict[str, tuple[str, str | None]]

# Meetings in Oslo time through 2027 (summer time from 28 March 03:00 to 31 October 03:00):
# the 09:00 in April, both sides of each change, the hour next to each change, and an
# evening whose UTC date is another day.
MEETINGS_2027 = [
    datetime(2027, 1, 14, 9, 0),
    datetime(2027, 3, 25, 9, 0),
    datetime(2027, 3, 28, 1, 30),
    datetime(2027, 3, 28, 3, 30),
    datetime(2027, 4, 8, 9, 0),
    datetime(2027, 6, 17, 23, 30),
    datetime(2027, 8, 26, 13, 15),
    datetime(2027, 10, 30, 9, 0),
    datetime(2027, 10, 31, 1, 30),
    datetime(2027, 10, 31, 3, 30),
    datetime(2027, 11, 4, 9, 0),
    datetime(2027, 12, 16, 18, 0),
]


def wall(moment: datetime | date) -> str:
    """How a calendar in Oslo shows a moment (or a day)."""
    if isinstance(moment, datetime):
        return f"{moment.astimezone(OSLO):%Y-%m-%dT%H:%M}"
    return moment.isoformat()


def read_with_icaljs(paths: list[Path]) -> dict[Path, Times]:
    """Every entry of each feed as ical.js reads it."""
    node = shutil.which("node")
    assert node is not None, "Node is needed for the ical.js check (apt-get install nodejs)"
    assert (FEEDS_DIR / "node_modules" / "ical.js").is_dir(), (
        "ical.js is not installed: run tests/feeds/ensure_icaljs.sh (make test does)"
    )
    done = subprocess.run(
        [node, str(READER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    return {
        path: {uid: (entry["start"], entry["end"]) for uid, entry in found[str(path)].items()}
        for path in paths
    }


def read_with_icalendar(text: bytes) -> Times:
    """Every entry as icalendar reads it, with the zone built from the feed's VTIMEZONE."""
    calendar = Calendar.from_ical(text)
    zones = {str(z["tzid"]): z.to_tz(lookup_tzid=False) for z in calendar.walk("VTIMEZONE")}

    def moment(event: object, name: str) -> str | None:
        if name not in event:  # type: ignore[operator]
            return None
        value = event.decoded(name)  # type: ignore[attr-defined]
        if isinstance(value, datetime):
            tzid = event[name].params["TZID"]  # type: ignore[index]
            return wall(value.replace(tzinfo=zones[tzid]))
        return wall(value)

    found: Times = {}
    for event in calendar.walk("VEVENT"):
        start = moment(event, "dtstart")
        assert start is not None
        found[str(event["uid"])] = (start, moment(event, "dtend"))
    return found


def read_with_vobject(text: bytes) -> Times:
    """Every entry as vobject reads it (it takes the zone from the feed's VTIMEZONE)."""
    calendar = vobject.readOne(text.decode())
    found: Times = {}
    for event in calendar.vevent_list:
        end = wall(event.dtend.value) if hasattr(event, "dtend") else None
        found[event.uid.value] = (wall(event.dtstart.value), end)
    return found


def from_database(ctx: ServiceContext, group_id: int) -> Times:
    """What every entry a feed may carry should show, from the database."""
    expected: Times = {}
    for meeting in meetings.list_meetings(ctx, group_id=group_id):
        end = wall(meeting.ends_at) if meeting.ends_at else None
        expected[f"meeting-{meeting.id}@tiltak"] = (wall(meeting.starts_at), end)
    for deadline in meetings.list_deadlines(ctx, group_id=group_id):
        if deadline.resolved_on is not None:
            day = deadline.resolved_on
            expected[f"deadline-{deadline.id}@tiltak"] = (wall(day), wall(day + timedelta(1)))
    for event in meetings.list_events(ctx, group_id=group_id):
        after = (event.ends_on or event.starts_on) + timedelta(1)
        expected[f"event-{event.id}@tiltak"] = (wall(event.starts_on), wall(after))
    for task in tasks.list_tasks(ctx, group_id=group_id):
        if task.due_on is not None:
            after = task.due_on + timedelta(1)
            expected[f"task-{task.id}@tiltak"] = (wall(task.due_on), wall(after))
    return expected


@pytest.fixture
def year_of_meetings(ctx: ServiceContext, seeded: object, make_task: MakeTask) -> int:
    """The seed's group with a year of meetings across both DST changes, and tasks due in it."""
    group_id = groups.default_group_id(ctx)
    assert group_id is not None
    with ctx.uow() as uow:
        for n, starts in enumerate(MEETINGS_2027):
            begins = starts.replace(tzinfo=OSLO)
            uow.session.add(
                Meeting(
                    group_id=group_id,
                    title=f"Møte {n + 1}",
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=2),
                    place="Teams",
                )
            )
        uow.commit()
    for month in (1, 3, 4, 10, 11):
        make_task(f"Leveranse {month}", owner=MEMBER, due_on=date(2027, month, 28))
        make_task(f"Notat {month}", number=3, owner=LEAD, due_on=date(2027, month, 1))
    return group_id


def test_every_entry_of_every_feed_reads_the_same_in_icaljs_vobject_and_icalendar(
    ctx: ServiceContext,
    client: object,
    person_id: Callable[[str], int],
    workgroup_id: Callable[[int], int],
    year_of_meetings: int,
    tmp_path: Path,
) -> None:
    me = Actor(person_id=person_id(MEMBER), channel=Channel.WEB)
    feeds = {
        "person": access.create_feed(
            ctx, actor=me, group_id=year_of_meetings, scope=FeedScope.PERSON
        ),
        "workgroup": access.create_feed(
            ctx,
            actor=me,
            group_id=year_of_meetings,
            scope=FeedScope.WORKGROUP,
            workgroup_id=workgroup_id(3),
        ),
        "group": access.create_feed(
            ctx, actor=me, group_id=year_of_meetings, scope=FeedScope.GROUP
        ),
    }
    texts: dict[str, bytes] = {}
    for name, token in feeds.items():
        response = client.get(f"/feeds/{token}.ics")  # type: ignore[attr-defined]
        assert response.status_code == 200
        texts[name] = response.get_data()
        (tmp_path / f"{name}.ics").write_bytes(texts[name])
    by_icaljs = read_with_icaljs([tmp_path / f"{name}.ics" for name in feeds])
    expected = from_database(ctx, year_of_meetings)
    for name, text in texts.items():
        icaljs = by_icaljs[tmp_path / f"{name}.ics"]
        icalendar = read_with_icalendar(text)
        vobj = read_with_vobject(text)
        assert set(icaljs) == set(icalendar) == set(vobj), name
        meetings_in_feed = [uid for uid in icaljs if uid.startswith("meeting-")]
        assert len(meetings_in_feed) == len(MEETINGS_2027) + 1, name  # and the seed's
        assert any(uid.startswith("task-") for uid in icaljs), name
        for uid in icaljs:
            assert icaljs[uid] == icalendar[uid] == vobj[uid] == expected[uid], (name, uid)
    # The case in words: 09:00 in April 2027 is 09:00 in each of them.
    april = next(u for u, t in expected.items() if t[0] == "2027-04-08T09:00")
    assert by_icaljs[tmp_path / "group.ics"][april][0] == "2027-04-08T09:00"


def test_the_feed_s_zone_is_written_as_yearly_rules(
    ctx: ServiceContext, client: object, person_id: Callable[[str], int], year_of_meetings: int
) -> None:
    me = Actor(person_id=person_id(MEMBER), channel=Channel.WEB)
    token = access.create_feed(ctx, actor=me, group_id=year_of_meetings, scope=FeedScope.GROUP)
    text = client.get(f"/feeds/{token}.ics").get_data(as_text=True)  # type: ignore[attr-defined]
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "RDATE" not in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_deadlines_have_short_titles_and_the_sentence_as_description(
    ctx: ServiceContext, client: object, person_id: Callable[[str], int], seeded: object
) -> None:
    me = Actor(person_id=person_id(MEMBER), channel=Channel.WEB)
    group_id = groups.default_group_id(ctx)
    assert group_id is not None
    token = access.create_feed(ctx, actor=me, group_id=group_id, scope=FeedScope.GROUP)
    feed = Calendar.from_ical(client.get(f"/feeds/{token}.ics").get_data())  # type: ignore[attr-defined]
    deadlines = {
        str(e["summary"]): str(e["description"])
        for e in feed.walk("VEVENT")
        if str(e["uid"]).startswith("deadline-")
    }
    assert deadlines == {
        nb("Deadline: input to item {item}", item="3"): (
            "Sendes inn skriftlig i forkant eller senest en uke etter møtet."
        ),
        nb("Deadline: for the minutes, item {item}", item="4"): (
            "Det vil ikke bli skrevet referat fra denne saken, dersom det skal inkluderes i "
            "referatet må det legges i chat eller sendes senest en uke etter møtet."
        ),
    }
    assert "Frist: innspill til sak 3" in deadlines
