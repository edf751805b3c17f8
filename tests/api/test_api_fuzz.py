"""Random and well-formed-but-wrong payloads thrown at every create and update endpoint: the API
answers each with a view or a problem document, never a 500, and a refused request changes
nothing in the database."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

import pytest
from api_world import World, table_snapshot
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tracker import schemas as s
from tracker.services import meetings, tasks
from tracker.services.context import Actor, ServiceContext

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROBLEM = "application/problem+json"
REFUSALS = {400, 403, 404, 409, 415, 422}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

edge_texts = st.sampled_from(
    [
        *("", " ", "\x00", "a\x00b", "\ud800", "\x07", "æøå ÆØÅ", "x" * 201, "x" * 301),
        *("x" * 2001, "x" * 20_001, "todo", "doing", "blocked", "done", "contribution"),
        *("minutes", "input", "general", "secretariat", "member", "readonly", "nb", "en"),
        *("a@b.no", "sara@example.no"),
    ]
)
edge_numbers = st.sampled_from(
    [0, -1, 1, 2, 3, 4, 5, 999, 1000, 2**31 - 1, 2**31, 2**63, -(2**63) - 1, 10**30, 1.5]
)
edge_dates = st.sampled_from(
    [
        *("2025-02-30", "2025-13-01", "20250101", "0001-01-01", "9999-12-31", "1899-12-31"),
        *("2025-01-10T10:00:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"),
        *("2025-03-30T02:30:00+02:00", "2025-02-11T10:00:00Z", "2025-02-04T10:00:00+01:00"),
    ]
)
field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    edge_numbers,
    st.text(max_size=40),
    edge_texts,
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.just(UTC) | st.none()).map(lambda d: d.isoformat()),
    edge_dates,
    st.lists(st.integers(min_value=0, max_value=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def payloads(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """Anything JSON, or an object with the model's own fields holding wrong-ish values."""
    fields = dict.fromkeys(model.model_fields, field_values)
    shaped = st.fixed_dictionaries({}, optional=fields)
    with_extra = st.tuples(shaped, st.text(min_size=1, max_size=8), field_values).map(
        lambda t: {**t[0], t[1]: t[2]}
    )
    return st.one_of(json_values, shaped, shaped, with_extra)


@pytest.fixture
def targets(ctx: ServiceContext, world: World) -> dict[str, int]:
    """Things to update: a task, a deadline and an event besides the world's own."""
    system = Actor.system_actor()
    task = tasks.create_task(
        ctx,
        actor=system,
        data=s.TaskCreate(title="Mål", workgroup_id=world.workgroup_id, owner_id=world.member_id),
    )
    deadline = meetings.create_deadline(
        ctx,
        actor=system,
        group_id=world.group_id,
        data=s.DeadlineCreate(title="Frist", meeting_id=world.meeting_id, offset_days=-7),
    )
    event = meetings.create_event(
        ctx,
        actor=system,
        group_id=world.group_id,
        data=s.EventCreate(title="Konferanse", starts_on="2025-05-05"),  # type: ignore[arg-type]
    )
    return {"task": task.id, "deadline": deadline.id, "event": event.id}


def creates(world: World, ids: dict[str, int]) -> list[tuple[str, type[BaseModel]]]:
    g = world.group_id
    return [
        ("/api/v1/tasks", s.TaskCreate),
        (f"/api/v1/tasks/{ids['task']}/comments", s.CommentCreate),
        (f"/api/v1/groups/{g}/people", s.PersonCreate),
        (f"/api/v1/groups/{g}/workgroups", s.WorkgroupCreate),
        (f"/api/v1/groups/{g}/deadlines", s.DeadlineCreate),
        (f"/api/v1/groups/{g}/events", s.EventCreate),
        ("/api/v1/contributions", s.ContributionCreate),
    ]


def updates(world: World, ids: dict[str, int]) -> list[tuple[str, type[BaseModel]]]:
    return [
        (f"/api/v1/tasks/{ids['task']}", s.TaskUpdate),
        (f"/api/v1/people/{world.member_id}", s.PersonUpdate),
        (f"/api/v1/workgroups/{world.workgroup_id}", s.WorkgroupUpdate),
        (f"/api/v1/meetings/{world.meeting_id}", s.MeetingUpdate),
        (f"/api/v1/deadlines/{ids['deadline']}", s.DeadlineUpdate),
        (f"/api/v1/events/{ids['event']}", s.EventUpdate),
    ]


def check(
    client: FlaskClient,
    ctx: ServiceContext,
    world: World,
    method: str,
    url: str,
    payload: Any,
    who: str,
) -> None:
    """Send one request: a view or a problem, never a 500; a refusal leaves every row as it was."""
    before = table_snapshot(ctx)
    # json.dumps escapes lone surrogates and writes NaN, as a careless client would.
    body = json.dumps(payload)
    response = client.open(
        url, method=method, data=body, content_type="application/json", headers=world.auth(who)
    )
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code < 400:
        return
    assert response.status_code in REFUSALS, response.status_code
    assert response.mimetype == PROBLEM
    problem = response.json
    assert problem is not None
    assert problem["status"] == response.status_code
    assert problem["title"]
    for error in problem.get("errors", []):
        assert set(error) == {"field", "detail"}
    assert table_snapshot(ctx) == before, (method, url, payload)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_random_payloads_never_cause_a_500_nor_a_partial_change(
    client: FlaskClient, ctx: ServiceContext, world: World, targets: dict[str, int], method: str
) -> None:
    endpoints = creates(world, targets) if method == "POST" else updates(world, targets)

    @FUZZ
    @given(data=st.data(), who=st.sampled_from(["secretariat", "lead", "member"]))
    def throw(data: st.DataObject, who: str) -> None:
        url, model = data.draw(st.sampled_from(endpoints), label="endpoint")
        payload = data.draw(payloads(model), label="payload")
        check(client, ctx, world, method, url, payload, who)

    throw()


@FUZZ
@given(
    path=st.sampled_from(
        [
            *("/tasks", "/workgroups", "/people", "/meetings", "/deadlines", "/events"),
            *("/contributions", "/consultations", "/groups", "/organisations"),
            *("/groups/1/contact", "/groups/1/overview"),
        ]
    ),
    query=st.dictionaries(
        st.sampled_from(
            [
                *("limit", "offset", "group_id", "workgroup_id", "owner_id", "status"),
                *("due_before", "meeting_id", "agenda_item_id", "on", "horizon_days", "x"),
            ]
        ),
        st.one_of(
            st.text(max_size=12),
            edge_numbers.map(str),
            edge_dates,
            edge_texts.filter(lambda text: "\ud800" not in text),  # a URL cannot carry it
        ),
        max_size=4,
    ),
)
def test_random_query_parameters_never_cause_a_500(
    client: FlaskClient, world: World, path: str, query: dict[str, str]
) -> None:
    response = client.get(f"/api/v1{path}", query_string=query, headers=world.auth("member"))
    assert response.status_code in {200, 404, 422}, response.get_data(as_text=True)
    if response.status_code != 200:
        assert response.mimetype == PROBLEM
