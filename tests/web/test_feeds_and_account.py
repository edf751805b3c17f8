"""A person's page: the chat link code, API tokens and calendar feeds, each secret shown once.
The feeds parse with `icalendar` and give the right local times on both sides of a DST change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from icalendar import Calendar, Timezone
from web_support import LEAD, MEMBER, SECRETARIAT, nb, post_form, text_of

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from tracker import schemas as s
from tracker.models import Meeting
from tracker.services import tasks
from tracker.services.context import ServiceContext

OSLO = ZoneInfo("Europe/Oslo")
MakeTask = Callable[..., s.TaskView]


def new_feed(client: FlaskClient, me: int, **form: str) -> str:
    response = post_form(client, f"/people/{me}", "/feeds", form)
    assert response.status_code == 201
    found = re.search(
        r'id="feed-address" value="http://localhost(/feeds/[^"]+\.ics)"',
        response.get_data(as_text=True),
    )
    assert found is not None
    return found.group(1)


def calendar(client: FlaskClient, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def add_meeting(ctx: ServiceContext, group_id: int, starts: datetime, hours: int = 2) -> None:
    with ctx.uow() as uow:
        uow.session.add(
            Meeting(
                group_id=group_id,
                title=f"Møte {starts:%d.%m}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                place="Teams",
            )
        )
        uow.commit()


def test_meetings_keep_their_oslo_time_across_the_dst_change(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], seeded: object
) -> None:
    group_id = 1
    # 10:00 in Oslo on both sides of the change on Sunday 30 March 2025.
    add_meeting(ctx, group_id, datetime(2025, 3, 27, 10, 0, tzinfo=OSLO))
    add_meeting(ctx, group_id, datetime(2025, 4, 3, 10, 0, tzinfo=OSLO))
    me = as_person(MEMBER)
    feed = calendar(client, new_feed(client, me, scope="group"))
    events = {str(e["summary"]): e for e in feed.walk("VEVENT")}
    before, after = events["Møte 27.03"], events["Møte 03.04"]
    for event, utc_hour in ((before, 9), (after, 8)):
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == "Europe/Oslo"
        assert (start.hour, start.minute) == (10, 0)
        assert start.astimezone(UTC).hour == utc_hour
        assert event.decoded("dtend").astimezone(OSLO).hour == 12
    # A calendar that knows no zone names reads the VTIMEZONE in the feed: same answer.
    (zone,) = [c for c in feed.walk("VTIMEZONE") if isinstance(c, Timezone)]
    assert zone["tzid"] == "Europe/Oslo"
    tz = zone.to_tz()
    assert datetime(2025, 3, 27, 10, 0, tzinfo=tz).utcoffset() == timedelta(hours=1)
    assert datetime(2025, 4, 3, 10, 0, tzinfo=tz).utcoffset() == timedelta(hours=2)
    # The seed's meeting: 09:00 on 16 January, with its parts in the description.
    seed_meeting = events["Møte i faggruppe for Næringssamarbeid"]
    assert seed_meeting.decoded("dtstart").astimezone(OSLO).hour == 9
    assert "09:40–12:30" in str(seed_meeting["description"])


def test_deadlines_events_and_tasks_are_all_day_entries(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
) -> None:
    mine = make_task("Min oppgave", owner=MEMBER, due_on=date(2025, 2, 14))
    make_task("Andres oppgave", owner=LEAD, due_on=date(2025, 2, 15))
    make_task("Ferdig", owner=MEMBER, due_on=date(2025, 2, 16), status="done")
    me = as_person(MEMBER)
    personal = calendar(client, new_feed(client, me, scope="person"))
    summaries = {str(e["summary"]): e for e in personal.walk("VEVENT")}
    task = summaries[f"#{mine.id} Min oppgave"]
    assert task.decoded("dtstart") == date(2025, 2, 14)
    assert task.decoded("dtend") == date(2025, 2, 15)
    assert str(task["url"]).endswith(f"/tasks/{mine.id}")
    assert not any("Andres oppgave" in name or "Ferdig" in name for name in summaries)
    deadline = summaries[nb("Deadline: input to item {item}", item="3")]
    assert deadline.decoded("dtstart") == date(2025, 1, 23)
    gathering = summaries["Felles fagsamling"]
    assert (gathering.decoded("dtstart"), gathering.decoded("dtend")) == (
        date(2025, 8, 28),
        date(2025, 8, 30),
    )
    workgroup = calendar(client, new_feed(client, me, scope="workgroup", workgroup_id="2"))
    names = [str(e["summary"]) for e in workgroup.walk("VEVENT")]
    assert any("Andres oppgave" in n for n in names)
    assert "Felles fagsamling" not in names


def test_a_revoked_feed_stops_answering(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    me = as_person(MEMBER)
    path = new_feed(client, me, scope="person")
    page = client.get(f"/people/{me}").get_data(as_text=True)
    assert path not in page  # shown once, never again
    (feed_id,) = re.findall(r'action="/feeds/(\d+)/revoke"', page)
    response = post_form(client, f"/people/{me}", f"/feeds/{feed_id}/revoke", {})
    assert response.status_code == 303
    assert client.get(path).status_code == 404
    assert client.get("/feeds/not-a-real-token.ics").status_code == 404


def test_a_new_feed_address_is_a_field_to_copy_and_a_webcal_link_to_subscribe(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    me = as_person(MEMBER)
    response = post_form(client, f"/people/{me}", "/feeds", {"scope": "person"})
    html = response.get_data(as_text=True)
    path = re.search(r'id="feed-address" value="http://localhost(/feeds/[^"]+\.ics)"', html)
    assert path is not None
    assert re.search(r'<input type="text" id="feed-address"[^>]* readonly', html)
    assert '<label for="feed-address">' in html
    # The copy button waits for its script; without it the field is selected and copied by hand.
    assert re.search(r'<button type="button"[^>]*data-copy="feed-address"[^>]* hidden>', html)
    assert f'<a href="webcal://localhost{path.group(1)}">' in html
    assert nb("Subscribe in the calendar on this device") in text_of(response)


def test_a_feed_needs_no_session_but_its_secret(
    client: FlaskClient, app: object, as_person: Callable[[str], int]
) -> None:
    me = as_person(MEMBER)
    path = new_feed(client, me, scope="group")
    anonymous = app.test_client()  # type: ignore[attr-defined]
    assert anonymous.get(path).status_code == 200


def test_the_link_code_on_the_persons_page_links_a_chat_account(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    me = as_person(MEMBER)
    response = post_form(client, f"/people/{me}", f"/people/{me}/link-code", {})
    code = re.search(
        r'<code class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</code>', response.get_data(as_text=True)
    )
    assert code is not None
    reply = ChatCore(ctx).handle(
        IncomingMessage(
            platform="matrix",
            room_id="!r",
            sender_id="@eli:x",
            text=f"koble {code.group(1)}",
            event_id="1",
        )
    )
    assert reply is not None
    assert not reply.is_error


def test_api_tokens_are_made_and_revoked_on_the_page(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag", owner=MEMBER)
    me = as_person(MEMBER)
    response = post_form(client, f"/people/{me}", f"/people/{me}/tokens", {"name": "Regneark"})
    assert response.status_code == 201
    token = re.search(r'<code class="code">(tlt_[^<]+)</code>', response.get_data(as_text=True))
    assert token is not None
    headers = {"Authorization": f"Bearer {token.group(1)}"}
    assert client.get(f"/api/v1/tasks/{task.id}", headers=headers).status_code == 200
    page = client.get(f"/people/{me}").get_data(as_text=True)
    assert token.group(1) not in page
    assert "Regneark" in page
    (token_id,) = re.findall(r'action="/tokens/(\d+)/revoke"', page)
    post_form(client, f"/people/{me}", f"/tokens/{token_id}/revoke", {"person_id": str(me)})
    assert client.get(f"/api/v1/tasks/{task.id}", headers=headers).status_code == 401
    assert tasks.get_task(ctx, task_id=task.id).title == "Skriv forslag"


def test_others_see_a_persons_page_but_not_their_keys(
    client: FlaskClient,
    as_person: Callable[[str], int],
    person_id: Callable[[str], int],
) -> None:
    lead = person_id(LEAD)
    as_person(MEMBER)
    page = client.get(f"/people/{lead}")
    assert page.status_code == 200
    assert nb("API tokens") not in text_of(page)
    refused = post_form(client, f"/people/{lead}", f"/people/{lead}/tokens", {"name": "x"})
    assert refused.status_code == 403
    assert nb("Only the person themselves or the secretariat can do that.") in text_of(refused)
    # The secretariat may.
    as_person(SECRETARIAT)
    assert nb("API tokens") in text_of(client.get(f"/people/{lead}"))
    made = post_form(client, f"/people/{lead}", f"/people/{lead}/tokens", {"name": "for Asbjørn"})
    assert made.status_code == 201
