"""The meeting cycle on the demo's group (the seed invitation, the demo's tasks and a line of
written input): the draft agenda built and written as Markdown and Word, the minutes draft with
its Word file, the input round, and the chat's «dagsorden neste møte» through the chat core."""

from __future__ import annotations

import uuid
from pathlib import Path

from common import bench_runtime, count_statements, measure, parse_args, report

from adapters.console.session import PLATFORM, console_sender_for
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from tracker import schemas as s
from tracker.demo.activity import add_demo_tasks
from tracker.export_agenda import agenda_docx
from tracker.importer.apply import import_invitation
from tracker.models import Channel
from tracker.services import contributions, groups, identity, input_rounds, meetings
from tracker.services.agenda_draft import build_agenda_draft, render_text
from tracker.services.context import Actor
from tracker.services.minutes_draft import build_minutes_draft, render_docx

SEED = Path(__file__).parent.parent / "tracker" / "demo" / "invitation_osloregionen.txt"
SYSTEM = Actor.system_actor(Channel.IMPORT)


def main() -> None:
    """One row per step of the cycle, each with its SQL statement count."""
    args = parse_args(__doc__ or "", runs=30)
    with bench_runtime(args.db) as runtime:
        ctx = runtime.ctx
        made = import_invitation(
            ctx, actor=SYSTEM, text=SEED.read_text(encoding="utf-8"), filename=SEED.name
        )
        add_demo_tasks(ctx, group_id=made.group_id, actor=SYSTEM)
        (meeting,) = meetings.list_meetings(ctx)
        sak3 = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
        (member,) = groups.find_people(ctx, name="Eli Bryhni")
        contributions.submit_contribution(
            ctx,
            actor=Actor(person_id=member.id, channel=Channel.WEB),
            data=s.ContributionCreate(agenda_item_id=sak3.id, body="Prioriter sirkulærøkonomi."),
        )
        (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
        sender = console_sender_for(lead.id)
        identity.link_identity(ctx, person_id=lead.id, platform=PLATFORM, user_id=sender)
        core = ChatCore(ctx)
        where = f"seed, 11 tasks, {args.db}"

        def agenda() -> None:
            draft = build_agenda_draft(ctx, meeting_id=meeting.id, language="nb")
            render_text(draft, "nb")

        def agenda_word() -> None:
            agenda_docx(build_agenda_draft(ctx, meeting_id=meeting.id, language="nb"), "nb")

        def minutes_word() -> None:
            render_docx(build_minutes_draft(ctx, meeting_id=meeting.id), "nb")

        def round_() -> None:
            input_rounds.input_rounds(ctx, meeting=meetings.get_meeting(ctx, meeting_id=meeting.id))

        def chat() -> None:
            core.handle(
                IncomingMessage(
                    platform=PLATFORM,
                    room_id="console",
                    sender_id=sender,
                    text="dagsorden neste møte",
                    event_id=uuid.uuid4().hex,
                    is_direct=True,
                )
            )

        for name, fn in [
            ("draft agenda, built and as Markdown", agenda),
            ("draft agenda as .docx", agenda_word),
            ("minutes draft as .docx", minutes_word),
            ("input round of the meeting", round_),
            ("chat: «dagsorden neste møte»", chat),
        ]:
            if args.only and args.only not in name:
                continue
            statements = count_statements(runtime.engine, fn)
            report(f"{name} ({where}; statements: {statements})", measure(fn, args.runs))


if __name__ == "__main__":
    main()
