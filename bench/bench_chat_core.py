"""Parse + handle + render of every family of chat command in-process, written as members
write them, with 10,000 tasks in the database: the questions (my tasks, deadlines, the next
meeting, a task), each kind of change (status by number and by words of the title, due date set
and shifted, a new owner, a comment, input to an agenda item) and a question back with its
answer. Every change is a real one each time: the lines alternate between two states."""

from __future__ import annotations

import itertools
from datetime import timedelta

from common import (
    TODAY,
    bench_runtime,
    count_statements,
    measure,
    parse_args,
    profile,
    report,
    seed_group,
)
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
        task = mine[0].id
        # A task of the lead's own workgroup, so the lead may give it away and take it back.
        own = tasks.create_task(
            ctx,
            actor=admin,
            data=s.TaskCreate(
                title="Kartlegge sirkulære anskaffelser i regionen",
                workgroup_id=workgroups[1].id,
                owner_id=lead.id,
                due_on=TODAY + timedelta(days=5),
            ),
        ).id
        by_title = itertools.cycle(["jobber med kartleggingen", "ferdig med kartleggingen"])
        due_dates = itertools.cycle(["01.03.2025", "02.03.2025"])
        shifts = itertools.cycle([f"utsett {task} en uke", f"fremskynd #{task} med en uke"])
        owners = itertools.cycle([f"Dag Aanensen tar {own}", f"gi #{own} til meg"])
        answers = itertools.cycle([f"{task} kanskje ferdig?", "nei"])
        commands = {
            f"'hva har jeg på lista?' ({len(mine)} open tasks shown)": lambda: say(
                "hva har jeg på lista?"
            ),
            "'frister' in workgroup 2's room": lambda: say("frister", "sirkular"),
            "'når er neste møte?'": lambda: say("når er neste møte?"),
            f"'er {task} ferdig?' (a task shown)": lambda: say(f"er {task} ferdig?"),
            f"'#{task} <status>' (a real change each time)": lambda: say(
                f"#{task} {next(statuses)}"
            ),
            "'jobber med/ferdig med kartleggingen' (task by title words)": lambda: say(
                next(by_title)
            ),
            f"'frist {task} <date>' (due date set)": lambda: say(f"frist {task} {next(due_dates)}"),
            f"'utsett {task} en uke' / 'fremskynd' (shifted from the current date)": lambda: say(
                next(shifts)
            ),
            f"'Dag Aanensen tar {own}' / 'gi #{own} til meg' (new owner)": lambda: say(
                next(owners), "sirkular"
            ),
            f"'kommentar til {task}: …' (a comment)": lambda: say(
                f"kommentar til {task}: ringte kommunen i dag"
            ),
            "'innspill sak 3: …' (input to an agenda item)": lambda: say(
                "innspill sak 3: vi foreslår et webinar om sirkulære anskaffelser"
            ),
            f"'{task} kanskje ferdig?' then 'nei' (a question back and its answer)": lambda: say(
                next(answers)
            ),
        }
        for what, run in commands.items():
            if args.only not in what:
                continue
            if args.profile:
                profile(runtime.engine, run, what)
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
