"""On the web a person reads their own group and nothing of another: another group's pages answer
404 as pages that do not exist, the lists, exports and calendar feeds leave its things out."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from two_groups import B_TASK, B_WORDS, SYSTEM, TwoGroups, two_groups
from web_support import sign_in, text_of

from tracker import schemas as s
from tracker.errors import PermissionDenied
from tracker.importer.apply import ImportReport
from tracker.models import Channel, FeedScope
from tracker.services import access, groups, tasks
from tracker.services.context import Actor, ServiceContext

NOWHERE = 987_654


@pytest.fixture
def world(ctx: ServiceContext, seeded: ImportReport) -> TwoGroups:
    return two_groups(ctx, seeded)


def _no_b(client: FlaskClient, url: str) -> None:
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    text = response.get_data(as_text=True)
    for words in B_WORDS:
        assert words not in text, (url, words)


def _like_missing(client: FlaskClient, url: str, id_: int) -> None:
    theirs = client.get(url.format(id_))
    nothing = client.get(url.format(NOWHERE))
    assert theirs.status_code == nothing.status_code == 404, url
    # What the visitor sees is the same page (the addresses in it differ by the id asked for).
    assert text_of(theirs) == text_of(nothing)


def test_a_member_opens_no_page_of_another_group(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    sign_in(client, ctx, world.a_member)
    for url, id_ in [
        ("/workgroups/{}", world.b_workgroup),
        ("/workgroups/{}/tasks/new", world.b_workgroup),
        ("/tasks/{}", world.b_task),
        ("/tasks/{}/edit", world.b_task),
        ("/meetings/{}", world.b_meeting),
        ("/people/{}", world.b_member),
        ("/tasks.csv?view=workgroup&id={}", world.b_workgroup),
        ("/tasks.csv?view=meeting&id={}", world.b_meeting),
    ]:
        _like_missing(client, url, id_)


def test_the_secretariat_opens_no_secretariat_page_of_another_group(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    sign_in(client, ctx, world.a_secretariat)
    for url in (
        "/meetings/{}",
        "/meetings/{}/agenda",
        "/meetings/{}/minutes",
        "/meetings/{}/input",
    ):
        _like_missing(client, url, world.b_meeting)
    _like_missing(client, "/tasks/{}", world.b_task)


def test_a_members_lists_and_exports_show_only_their_group(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    # Someone of both groups owns a task in B: their page in A shows their tasks of A only.
    (b_workgroup,) = [w for w in groups.list_workgroups(ctx, group_id=world.b) if w.number == 2]
    tasks.create_task(
        ctx,
        actor=SYSTEM,
        data=s.TaskCreate(title=B_TASK + " 2", workgroup_id=b_workgroup.id, owner_id=world.both),
    )
    for person in (world.a_member, world.a_lead, world.a_secretariat):
        sign_in(client, ctx, person)
        for url in (
            "/",
            "/my-tasks",
            "/roster",
            "/deadlines",
            "/meetings",
            "/meetings/next",
            "/summary",
            "/summary/1",
            "/account",
            "/tasks.csv",
            "/tasks.csv?view=mine",
            "/tasks.csv?view=deadlines",
            f"/people/{world.both}",
            f"/people/{world.a_member}",
        ):
            _no_b(client, url)


def test_a_calendar_feed_is_only_for_ones_own_group_and_shows_nothing_else(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    member = Actor(person_id=world.a_member, channel=Channel.WEB)
    with pytest.raises(PermissionDenied):
        access.create_feed(ctx, actor=member, group_id=world.b, scope=FeedScope.GROUP)
    own = access.create_feed(ctx, actor=member, group_id=world.a, scope=FeedScope.GROUP)
    _no_b(client, f"/feeds/{own}.ics")
    theirs = access.create_feed(
        ctx,
        actor=Actor(person_id=world.b_member, channel=Channel.WEB),
        group_id=world.b,
        scope=FeedScope.GROUP,
    )
    assert "Byutviklingskonferansen" in client.get(f"/feeds/{theirs}.ics").get_data(as_text=True)


def test_someone_in_both_groups_keeps_a_feed_of_each(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    both = Actor(person_id=world.both, channel=Channel.WEB)
    feed = access.create_feed(ctx, actor=both, group_id=world.b, scope=FeedScope.GROUP)
    body = client.get(f"/feeds/{feed}.ics")
    assert body.status_code == 200
    assert "Byutviklingskonferansen" in body.get_data(as_text=True)
