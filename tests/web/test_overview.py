"""The overview page at `/`, read as a person would: names, counts, dates in Norwegian."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event
from web_support import sign_in

from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.i18n import translate
from tracker.models import Channel, Meeting, MeetingPart, SecretariatContact, Task, TaskStatus
from tracker.services import groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

ADMIN = Actor.system_actor(Channel.CLI)
TODAY = date(2025, 1, 10)  # the clock fixture's day


class Page(HTMLParser):
    """The visible text of a page, its table rows as lists of cell texts, and its headings."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.headings: list[tuple[int, str]] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._texts: list[str] = []
        self.feed(html)
        self.text = " ".join(" ".join(self._texts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []
        elif tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self._texts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def row(self, starting: str) -> list[str]:
        """The table row whose first cell starts with the given text."""
        return next(r for r in self.rows if r and r[0].startswith(starting))


@dataclass
class Seeded:
    group_id: int
    workgroup_ids: list[int]
    lead_ids: list[int]


def _nb(message: str, **params: object) -> str:
    return translate(message, "nb", **params)


def seed(ctx: ServiceContext) -> Seeded:
    """A group shaped like the seed: workgroups with leads, tasks, a meeting, a contact."""
    group = groups.create_group(ctx, actor=ADMIN, name="Næringssamarbeid", organisation="OR")
    leads = [
        groups.add_person(
            ctx,
            actor=ADMIN,
            group_id=group.id,
            data=s.PersonCreate(first_name=first, last_name=last, organisation=org),
        )
        for first, last, org in [
            ("Asbjørn", "Flo", "Nittedal kommune"),
            ("Asbjørn", "Lunde", "Lillestrøm kommune"),
            ("Dag", "Aanensen", "Asker kommune"),
        ]
    ]
    names = ["Internasjonal rekruttering", "Sirkulærøkonomi", "Næringsutviklingsprosjekter"]
    workgroups = [
        groups.create_workgroup(
            ctx,
            actor=ADMIN,
            group_id=group.id,
            data=s.WorkgroupCreate(number=i + 1, name=name, lead_id=leads[i].id),
        )
        for i, name in enumerate(names)
    ]
    circular = workgroups[1].id
    for title, status, due in [
        ("Kartlegg avfallsstrømmer", TaskStatus.TODO, date(2025, 1, 20)),
        ("Skriv forslag til sak 3", TaskStatus.DOING, date(2025, 1, 15)),
        ("Avklar budsjett", TaskStatus.DOING, None),
        ("Send innspill til høring", TaskStatus.TODO, date(2025, 1, 8)),
        ("Ferdig notat", TaskStatus.DONE, date(2025, 1, 5)),
    ]:
        tasks.create_task(
            ctx,
            actor=ADMIN,
            data=s.TaskCreate(
                title=title, workgroup_id=circular, status=status, due_on=due, owner_id=leads[1].id
            ),
        )
    tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="Vent på kommunedirektøren",
            workgroup_id=circular,
            status=TaskStatus.BLOCKED,
            blocked_reason="venter på svar",
        ),
    )
    meeting_id = add_meeting(ctx, group.id)
    meetings.create_deadline(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.DeadlineCreate(
            title="Skriftlige prioriteringer til sak 3", meeting_id=meeting_id, offset_days=7
        ),
    )
    add_contact(ctx, group.id)
    return Seeded(group.id, [w.id for w in workgroups], [p.id for p in leads])


def add_meeting(ctx: ServiceContext, group_id: int) -> int:
    """The 16 January 2025 meeting (no service creates meetings yet; the importer will)."""
    with ctx.uow() as uow:
        meeting = Meeting(
            group_id=group_id,
            title="Møte i faggruppe for Næringssamarbeid",
            starts_at=datetime(2025, 1, 16, 8, 0, tzinfo=UTC),
            ends_at=datetime(2025, 1, 16, 11, 30, tzinfo=UTC),
            place="Teams",
            parts=[
                MeetingPart(
                    position=1,
                    title="Felles del",
                    starts_at=datetime(2025, 1, 16, 8, 0, tzinfo=UTC),
                    ends_at=datetime(2025, 1, 16, 8, 30, tzinfo=UTC),
                ),
                MeetingPart(
                    position=2,
                    title="Faggruppemøte",
                    starts_at=datetime(2025, 1, 16, 8, 40, tzinfo=UTC),
                    ends_at=datetime(2025, 1, 16, 11, 30, tzinfo=UTC),
                ),
            ],
        )
        uow.session.add(meeting)
        uow.commit()
        return meeting.id


def add_contact(ctx: ServiceContext, group_id: int) -> None:
    """Karoline until 30 January, Målfrid after (no service sets contacts yet)."""
    karoline = groups.add_person(
        ctx,
        actor=ADMIN,
        group_id=group_id,
        data=s.PersonCreate(
            first_name="Karoline",
            last_name="Ulateig",
            organisation="Osloregionen",
            email="karoline@example.no",
        ),
    )
    malfrid = groups.add_person(
        ctx,
        actor=ADMIN,
        group_id=group_id,
        data=s.PersonCreate(first_name="Målfrid", last_name="Baik", organisation="Osloregionen"),
    )
    with ctx.uow() as uow:
        uow.session.add_all(
            [
                SecretariatContact(
                    group_id=group_id, person_id=karoline.id, valid_to=date(2025, 1, 30)
                ),
                SecretariatContact(
                    group_id=group_id, person_id=malfrid.id, valid_from=date(2025, 1, 31)
                ),
            ]
        )
        uow.commit()


def page(client: FlaskClient, url: str = "/") -> Page:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def test_an_empty_database_shows_how_to_import_a_group(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nb">' in html
    view = Page(html)
    assert "tiltak import" in view.text
    assert view.headings[0] == (1, _nb("Welcome to Tiltak"))


def test_the_overview_lists_workgroups_with_their_leads_and_counts(
    ctx: ServiceContext, client: FlaskClient
) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    view = page(client)
    assert view.headings[0] == (1, "Næringssamarbeid")
    assert view.row("1. Internasjonal rekruttering")[:2] == [
        "1. Internasjonal rekruttering",
        "Asbjørn Flo",
    ]
    # Columns: workgroup, lead, not started, in progress, blocked, done, overdue.
    assert view.row("2. Sirkulærøkonomi") == [
        "2. Sirkulærøkonomi",
        "Asbjørn Lunde",
        "2",
        "2",
        "1",
        "1",
        "1",
    ]
    assert view.row("3. Næringsutviklingsprosjekter")[1:] == ["Dag Aanensen"] + ["0"] * 5
    header = view.rows[0]
    assert header[2:] == [
        _nb("Not started"),
        _nb("In progress"),
        _nb("Blocked"),
        _nb("Done"),
        _nb("Overdue"),
    ]


def test_the_table_has_a_caption_and_scoped_headers(
    ctx: ServiceContext, client: FlaskClient
) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    html = client.get("/").get_data(as_text=True)
    assert f'<caption id="workgroups-caption">{_nb("Tasks per workgroup and status")}' in html
    assert html.count('<th scope="col"') == 7
    assert html.count('<th scope="row"') == 3


def test_headings_go_down_one_level_at_a_time(ctx: ServiceContext, client: FlaskClient) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    levels = [level for level, _ in page(client).headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_next_deadlines_come_overdue_first_with_norwegian_dates(
    ctx: ServiceContext, client: FlaskClient
) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    text = page(client).text
    overdue = text.index("8. januar 2025")
    assert _nb("overdue") in text[overdue : overdue + 40]
    assert overdue < text.index("15. januar 2025") < text.index("20. januar 2025")
    # A done task is not due any more, and one without a due date has no deadline to show.
    assert "Ferdig notat" not in text
    assert "Avklar budsjett" not in text
    # The group's deadline, one week after the meeting, resolved to its date.
    assert "23. januar 2025" in text
    assert "Skriftlige prioriteringer til sak 3" in text


def test_the_next_meeting_is_shown_in_oslo_time_in_norwegian(
    ctx: ServiceContext, client: FlaskClient
) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    text = page(client).text
    assert _nb("{date} at {time}", date="torsdag 16. januar 2025", time="09:00–12:30") in text
    assert "09:00–09:30 Felles del" in text
    assert "09:40–12:30 Faggruppemøte" in text
    assert _nb("Place: {place}", place="Teams") in text


def test_the_contact_is_the_one_for_today(
    ctx: ServiceContext, client: FlaskClient, clock: FixedClock
) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    text = page(client).text
    assert "Karoline Ulateig" in text
    assert "Målfrid Baik" not in text
    assert _nb("until {date}", date="30. januar 2025") in text
    clock.set(datetime(2025, 2, 3, 9, 0, tzinfo=UTC))
    # Weeks later the session has long expired: a fresh link signs in again.
    sign_in(client, ctx, groups.find_people(ctx, name="Asbjørn Lunde")[0].id)
    text = page(client).text
    assert "Målfrid Baik" in text
    assert "Karoline Ulateig" not in text


def test_user_text_is_escaped(ctx: ServiceContext, client: FlaskClient) -> None:
    seeded = seed(ctx)
    sign_in(client, ctx, seeded.lead_ids[1])
    tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="<script>alert('x')</script> & <b>mer</b>",
            workgroup_id=seeded.workgroup_ids[0],
            due_on=date(2025, 1, 14),
        ),
    )
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert "<b>mer</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;mer&lt;/b&gt;" in html


def test_the_stylesheet_is_served_with_phone_and_print_layouts(client: FlaskClient) -> None:
    with client.get("/static/web/tiltak.css") as response:
        assert response.status_code == 200
        css = response.get_data(as_text=True)
    assert "@media print" in css
    assert "@media (max-width:" in css


def test_english_is_one_query_parameter_away(ctx: ServiceContext, client: FlaskClient) -> None:
    sign_in(client, ctx, seed(ctx).lead_ids[1])
    response = client.get("/?lang=en")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    text = Page(html).text
    assert "Thursday, 16 January 2025 at 09:00–12:30" in text
    assert "Not started" in text
    assert "23 January 2025" in text
    assert 'href="/?lang=nb"' in html


@contextmanager
def counting_statements(runtime: Runtime) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(runtime.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(runtime.engine, "before_cursor_execute", count)


def add_tasks(ctx: ServiceContext, seeded: Seeded, count: int) -> None:
    """Many tasks at once, spread over workgroups, statuses, owners and due dates."""
    now = ctx.clock.now()
    statuses = list(TaskStatus)
    with ctx.uow() as uow:
        uow.session.add_all(
            Task(
                workgroup_id=seeded.workgroup_ids[i % len(seeded.workgroup_ids)],
                title=f"Oppgave {i}",
                owner_id=seeded.lead_ids[i % len(seeded.lead_ids)],
                status=statuses[i % len(statuses)],
                blocked_reason="venter" if statuses[i % len(statuses)] == "blocked" else None,
                due_on=TODAY + timedelta(days=i % 30 - 10),
                created_at=now,
                updated_at=now,
            )
            for i in range(count)
        )
        uow.commit()


def test_the_page_costs_the_same_number_of_statements_for_10_and_500_tasks(
    ctx: ServiceContext, client: FlaskClient, runtime: Runtime
) -> None:
    seeded = seed(ctx)
    sign_in(client, ctx, seeded.lead_ids[1])
    add_tasks(ctx, seeded, 10 - 6)  # the seed has 6
    client.get("/")  # the first request pays for connecting and dialect set-up
    with counting_statements(runtime) as few:
        assert client.get("/").status_code == 200
    add_tasks(ctx, seeded, 490)
    with counting_statements(runtime) as many:
        response = client.get("/")
        assert response.status_code == 200
    rows = Page(response.get_data(as_text=True)).rows[1:]
    assert sum(int(cell) for row in rows for cell in row[2:6]) == 500
    assert len(many) == len(few), many
    assert len(few) <= 20, few
