"""Parse + handle + render of typical chat commands in-process, with 10,000 tasks in the
database: "mine oppgaver", "frister" in a workgroup's room, and a status change."""

from __future__ import annotations

import itertools
from datetime import timedelta

from common import TODAY, bench_runtime, count_statements, measure, parse_args, report, seed_group
from sqlalchemy import text

from adapters.console.session import PLATFORM, console_sender_for
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.render import render_text
from tracker import schemas as s
from tracker.importer.apply import import_invitation
from tracker.models import Channel
from tracker.services import groups, identity, rooms, tasks
from tracker.services.context import Actor

SEED = "tests/data/invitation_seed.txt"
TOTAL_TASKS = 10_000
SEED_GROUP_TASKS = 100


def main() -> None:
    """Build the data, then time each command and print one row each."""
    args = parse_args(__doc__ or "", runs=200)
    with bench_runtime(args.db) as runtime:
        ctx = runtime.ctx
        admin = Actor.system_actor(Channel.CLI)
        with open(SEED, encoding="utf-8") as handle:
            report_ = import_invitation(ctx, actor=admin, text=handle.read(), filename=SEED)
        # The rest of the 10,000 tasks live in a big second group, as in a shared instance.
        seed_group(
            runtime.engine,
            name="Storbyregionen",
            workgroups=50,
            tasks=TOTAL_TASKS - SEED_GROUP_TASKS,
        )
        (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
        workgroups = groups.list_workgroups(ctx, group_id=report_.group_id)
        members = [m.person.id for m in groups.roster(ctx, group_id=report_.group_id)]
        for i in range(SEED_GROUP_TASKS):
            owner = lead.id if i % 8 == 0 else members[i % len(members)]
            tasks.create_task(
                ctx,
                actor=admin,
                data=s.TaskCreate(
                    title=f"Leveranse {i}: innspill til handlingsprogrammet",
                    workgroup_id=workgroups[i % len(workgroups)].id,
                    owner_id=owner,
                    due_on=TODAY + timedelta(days=i % 30),
                ),
            )
        sender = console_sender_for(lead.id)
        identity.link_identity(ctx, person_id=lead.id, platform=PLATFORM, user_id=sender)
        rooms.bind_room(
            ctx,
            actor=admin,
            platform=PLATFORM,
            room_id="sirkular",
            group_id=report_.group_id,
            workgroup_id=workgroups[1].id,
        )
        mine = tasks.list_tasks(ctx, owner_id=lead.id)
        core = ChatCore(ctx)
        ids = itertools.count()

        def say(text: str, room: str = "console") -> None:
            reply = core.handle(
                IncomingMessage(
                    platform=PLATFORM,
                    room_id=room,
                    sender_id=sender,
                    text=text,
                    event_id=f"bench-{next(ids)}",
                )
            )
            assert reply is not None
            assert not reply.is_error, reply
            render_text(reply)

        statuses = itertools.cycle(["pågår", "ferdig", "ikke startet"])
        commands = {
            f"'mine oppgaver' ({len(mine)} open tasks shown)": lambda: say("mine oppgaver"),
            "'frister' in workgroup 2's room": lambda: say("frister", "sirkular"),
            f"'#{mine[0].id} <status>' (a real change each time)": lambda: say(
                f"#{mine[0].id} {next(statuses)}"
            ),
        }
        for what, run in commands.items():
            statements = count_statements(runtime.engine, run)
            report(
                f"chat {what}, {TOTAL_TASKS:,} tasks, {args.db}; statements: {statements}",
                measure(run, args.runs),
            )
        # The machine's own pace, for reading the rows above: on a database server every
        # statement is a round trip, and a VM's loopback latency varies from hour to hour.
        with runtime.engine.connect() as conn:
            ping = text("SELECT 1")
            report(
                f"for comparison: one 'SELECT 1' round trip, {args.db}",
                measure(lambda: conn.execute(ping).scalar_one(), args.runs),
            )


if __name__ == "__main__":
    main()
