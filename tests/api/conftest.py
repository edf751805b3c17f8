"""A small world for API tests: one group with a secretariat officer, a workgroup lead, two
members, a workgroup, a meeting with an agenda item, and an API token for each person."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from api_world import World, add_meeting

from tracker import schemas as s
from tracker.models import Role
from tracker.services import groups, tokens
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor()


@pytest.fixture
def world(ctx: ServiceContext) -> World:
    """The group, its people and their tokens, made through the services."""
    group = groups.create_group(ctx, actor=SYSTEM, name="Næringssamarbeid", organisation="KS")

    def person(first: str, last: str, role: Role, email: str) -> int:
        data = s.PersonCreate(
            first_name=first, last_name=last, organisation="Viken", email=email, role=role
        )
        return groups.add_person(ctx, actor=SYSTEM, group_id=group.id, data=data).id

    secretariat = person("Sara", "Sekretær", Role.SECRETARIAT, "sara@example.no")
    lead = person("Lars", "Leder", Role.MEMBER, "lars@example.no")
    member = person("Mona", "Medlem", Role.MEMBER, "mona@example.no")
    other = person("Ola", "Nordmann", Role.MEMBER, "ola@example.no")
    workgroup = groups.create_workgroup(
        ctx,
        actor=SYSTEM,
        group_id=group.id,
        data=s.WorkgroupCreate(number=1, name="Sirkulærøkonomi", lead_id=lead),
    )
    meeting_id, item_id = add_meeting(ctx, group.id, datetime(2025, 2, 4, 9, 0, tzinfo=UTC))
    people = {"secretariat": secretariat, "lead": lead, "member": member, "other": other}
    return World(
        group_id=group.id,
        secretariat_id=secretariat,
        lead_id=lead,
        member_id=member,
        other_id=other,
        workgroup_id=workgroup.id,
        meeting_id=meeting_id,
        item_id=item_id,
        tokens={
            who: tokens.create_token(ctx, person_id=pid, name="test") for who, pid in people.items()
        },
    )
