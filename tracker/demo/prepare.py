"""The embedded default's demo data: on a database with no group yet, the demo invitation and a
dozen tasks around today, so that `tiltak run` shows something to work with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.bootstrap import Runtime
from tracker.i18n import N_, translate
from tracker.models import Channel
from tracker.services.context import Actor

DEMO_INVITATION = Path(__file__).parent / "invitation_osloregionen.txt"


def prepare_demo(runtime: Runtime, *, language: str, say: Callable[[str], object]) -> None:
    """Migrate, and import the demo invitation and its tasks when the database has no group yet."""
    from tracker.demo.activity import add_demo_tasks
    from tracker.importer.apply import import_invitation
    from tracker.migrate import upgrade
    from tracker.services.groups import default_group_id
    from tracker.services.meetings import next_meeting_ref

    upgrade(runtime.engine)
    if default_group_id(runtime.ctx) is not None:
        return
    actor = Actor.system_actor(Channel.IMPORT, language)
    report = import_invitation(
        runtime.ctx,
        actor=actor,
        text=DEMO_INVITATION.read_text(encoding="utf-8"),
        filename=DEMO_INVITATION.name,
    )
    say(translate(N_("Imported the demo invitation (Osloregionen, 16 January 2025)."), language))
    added = add_demo_tasks(runtime.ctx, group_id=report.group_id, actor=actor)
    say(
        translate(
            N_("Added {count} tasks for the workgroups, due around today, to show the lists."),
            language,
            count=added,
        )
    )
    upcoming = next_meeting_ref(runtime.ctx, group_id=report.group_id)
    if upcoming is not None:
        say(
            translate(
                N_("The demo's next meeting is on {date}, with the seed meeting's agenda."),
                language,
                date=f"{upcoming[1]:%d.%m.%Y}",
            )
        )
