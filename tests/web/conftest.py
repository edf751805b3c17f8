"""Fixtures of the web tests: the seed's group, and a browser-like client signed in as one of
its people (through a real one-time link, with the CSRF tokens the pages carry)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from web_support import LEAD, sign_in

from tracker import schemas as s
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor(Channel.CLI)


@pytest.fixture
def person_id(ctx: ServiceContext, seeded: ImportReport) -> Callable[[str], int]:
    """The id of the one person of the seed with a given name."""

    def find(name: str) -> int:
        (person,) = groups.find_people(ctx, name=name)
        return person.id

    return find


@pytest.fixture
def as_person(
    client: FlaskClient, ctx: ServiceContext, person_id: Callable[[str], int]
) -> Callable[[str], int]:
    """Sign the client in as a named person of the seed; returns their id."""

    def sign_in_as(name: str) -> int:
        found = person_id(name)
        sign_in(client, ctx, found)
        return found

    return sign_in_as


@pytest.fixture
def workgroup_id(ctx: ServiceContext, seeded: ImportReport) -> Callable[[int], int]:
    """The id of the seed's workgroup with a given number."""

    def find(number: int) -> int:
        return next(w.id for w in groups.list_workgroups(ctx) if w.number == number)

    return find


@pytest.fixture
def make_task(
    ctx: ServiceContext, workgroup_id: Callable[[int], int], person_id: Callable[[str], int]
) -> Callable[..., s.TaskView]:
    """A task in a workgroup of the seed (2 unless told), made through the services."""

    def make(
        title: str, *, number: int = 2, owner: str | None = LEAD, **fields: object
    ) -> s.TaskView:
        data = s.TaskCreate(
            title=title,
            workgroup_id=workgroup_id(number),
            owner_id=person_id(owner) if owner else None,
            **fields,  # type: ignore[arg-type]
        )
        return tasks.create_task(ctx, actor=SYSTEM, data=data)

    return make
