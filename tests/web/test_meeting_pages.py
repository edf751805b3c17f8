"""The meeting page (both agenda parts, what is due, contributions per item with who, when and
lateness), submitting a contribution, the timeline by ISO week, and the roster by organisation."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from flask.testing import FlaskClient
from web_support import LEAD, MEMBER, nb, post_form, text_of

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel
from tracker.services import contributions, meetings
from tracker.services.context import Actor, ServiceContext

MakeTask = Callable[..., s.TaskView]


def the_meeting(ctx: ServiceContext) -> s.MeetingView:
    (meeting,) = meetings.list_meetings(ctx)
    return meeting


def item(meeting: s.MeetingView, *, group_part: bool, label: str) -> s.AgendaItemView:
    part = next(p for p in meeting.parts if p.is_group_part == group_part)
    return next(i for i in part.items if i.label == label)


def test_the_meeting_page_shows_both_agenda_parts_and_what_is_due(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    meeting = the_meeting(ctx)
    sak3 = item(meeting, group_part=True, label="3")
    make_task("Prioriteringer fra gruppe 2", agenda_item_id=sak3.id)
    make_task("Frist før møtet", due_on=date(2025, 1, 15))
    as_person(MEMBER)
    response = client.get("/meetings/next", follow_redirects=True)
    assert response.status_code == 200
    text = text_of(response)
    assert "Møte i faggruppe for Næringssamarbeid" in text
    assert nb("{date} at {time}", date="torsdag 16. januar 2025", time="09:00–12:30") in text
    assert "Sakskart til møte i administrative faggrupper 16. januar 09:00–09:30" in text
    assert "Sakskart til møte i faggruppe for Næringsssamarbeid 09:40–12:30" in text
    for part in meeting.parts:
        for agenda_item in part.items:
            assert f"{nb('Item {label}', label=agenda_item.label)}: {agenda_item.title}" in text
    # The deliverable sits under its item, with the item's deadline; the other is due before.
    html = response.get_data(as_text=True)
    section = html.split(f'id="item-{sak3.id}"')[1].split("</article>")[0]
    assert "Prioriteringer fra gruppe 2" in section
    assert "23. januar 2025" in section
    assert "Frist før møtet" in text
    assert nb("Open tasks due by the meeting") in text


def test_contributions_show_who_and_when_and_late_ones_are_marked(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    person_id: Callable[[str], int],
) -> None:
    meeting = the_meeting(ctx)
    sak3 = item(meeting, group_part=True, label="3")
    member = Actor(person_id=person_id(MEMBER), channel=Channel.SLACK)
    clock.set(datetime(2025, 1, 20, 13, 5, tzinfo=UTC))
    contributions.submit_contribution(
        ctx, actor=member, data=s.ContributionCreate(agenda_item_id=sak3.id, body="I tide")
    )
    clock.set(datetime(2025, 1, 24, 8, 0, tzinfo=UTC))  # the day after the deadline
    contributions.submit_contribution(
        ctx, actor=member, data=s.ContributionCreate(agenda_item_id=sak3.id, body="For sent")
    )
    as_person(LEAD)
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    section = html.split(f'id="item-{sak3.id}"')[1].split("</article>")[0]
    entries = re.findall(
        r"<li( class=\"late\")?>(.*?)</li>", section.split('class="contributions"')[1], re.S
    )
    assert len(entries) == 2
    (_, on_time), (late_class, late) = entries
    on_time_text = " ".join(re.sub(r"<[^>]+>", " ", on_time).split()).replace(" ,", ",")
    late_text = " ".join(re.sub(r"<[^>]+>", " ", late).split()).replace(" ,", ",")
    assert on_time_text.startswith(f"{MEMBER}, 20. januar 2025 kl. 14:05")
    assert nb("late") not in on_time_text
    assert late_class
    assert f"{MEMBER}, 24. januar 2025 kl. 09:00 {nb('late')} For sent" in late_text


def test_a_contribution_is_submitted_from_the_meeting_page(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    meeting = the_meeting(ctx)
    sak4 = item(meeting, group_part=True, label="4")
    as_person(MEMBER)
    page = f"/meetings/{meeting.id}"
    empty = post_form(
        client, page, f"{page}/contributions", {"agenda_item_id": str(sak4.id), "body": " "}
    )
    assert empty.status_code == 422
    assert nb("This cannot be empty.") in text_of(empty)
    response = post_form(
        client,
        page,
        f"{page}/contributions",
        {"agenda_item_id": str(sak4.id), "body": "Gjøvik ansetter 250", "kind": "minutes"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{page}#item-{sak4.id}"
    (saved,) = contributions.list_contributions(ctx, meeting_id=meeting.id)
    assert (saved.body, saved.kind, saved.person_name, saved.channel) == (
        "Gjøvik ansetter 250",
        "minutes",
        MEMBER,
        "web",
    )
    assert nb("for the minutes") in text_of(client.get(page))


def test_the_meeting_page_prints_without_forms_and_menus(client: FlaskClient) -> None:
    with client.get("/static/web/tiltak.css") as response:
        css = response.get_data(as_text=True)
    printed = css.split("@media print")[1]
    for hidden in (".main-nav", "form", "details.contribute", ".no-print"):
        assert hidden in printed


def test_the_timeline_goes_week_by_week_with_norwegian_week_numbers(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    make_task("Forfalt oppgave", due_on=date(2025, 1, 8))
    make_task("Denne uken", due_on=date(2025, 1, 12))  # a Sunday: still week 2
    make_task("Neste uke", due_on=date(2025, 1, 13))
    as_person(LEAD)
    response = client.get("/deadlines")
    html = response.get_data(as_text=True)
    headings = [
        " ".join(re.sub(r"<[^>]+>", " ", h).split())
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]
    assert headings[0] == nb("Overdue")
    assert headings[1].startswith(nb("Week {number}", number=2) + " 6.–12. jan. 2025")
    assert headings[2].startswith(nb("Week {number}", number=3) + " 13.–19. jan. 2025")
    weeks = html.split("<h2")
    assert "Forfalt oppgave" in weeks[1]
    assert "Denne uken" in weeks[2]
    assert "Neste uke" in weeks[3]
    assert "Møte i faggruppe for Næringssamarbeid" in weeks[3]  # 16 January
    # Week 4 has the deadlines of items 3 and 4 (23 January); the events come in their weeks.
    assert nb("Week {number}", number=4) in headings[3]
    text = text_of(response)
    assert "BEST 2025" in text
    assert "28.–29. aug. 2025" in text


def test_the_roster_is_grouped_by_organisation(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person(MEMBER)
    response = client.get("/roster")
    text = text_of(response)
    html = response.get_data(as_text=True)
    organisations = re.findall(r'<h2 id="org-\d+">(.*?)</h2>', html)
    assert organisations[:-1] == sorted(organisations[:-1], key=str.casefold)
    assert organisations[-1] == nb("No organisation")  # the leads who are not invited
    assert "Hamarregionen Utvikling" in organisations
    hamar = html.split(">Hamarregionen Utvikling</h2>")[1].split("</section>")[0]
    assert "Eli Bryhni" in hamar
    assert nb("Lead of workgroup {number}", number=2) in text
    assert nb("Secretariat") in text
    assert nb("not on the invitation's list") in text  # Harriet Slaaen
