"""What a message says, built at delivery from its outbox row and the database as it stands then.
The chat core builds the summaries, reminders, digests and draft agendas (chatops.digests) from
the row's ids; this module only reads the row. Rendering for a platform is the sender's business."""

from __future__ import annotations

from datetime import date

from chatops import digests
from chatops.reply import Reply
from tracker.errors import NotFound
from tracker.services import agenda_draft, schedule
from tracker.services.context import ServiceContext
from tracker.services.outbox import OutboxEntry


def build(ctx: ServiceContext, entry: OutboxEntry) -> Reply | None:
    """The reply an outbox row stands for, or None when there is nothing left to say."""
    try:
        if entry.kind in (schedule.SUMMARY, schedule.OVERVIEW):
            workgroup = entry.payload.get("workgroup_id")
            return digests.summary_message(
                ctx,
                group_id=int(entry.payload["group_id"]),
                workgroup_id=int(workgroup) if workgroup is not None else None,
                language=entry.language,
                platform=entry.platform,
                room_id=entry.destination,
            )
        if entry.kind == schedule.REMINDER:
            return digests.reminder_message(
                ctx, payload=entry.payload, language=entry.language, platform=entry.platform
            )
        if entry.kind == schedule.DIGEST:
            return digests.digest_message(
                ctx,
                group_id=int(entry.payload["group_id"]),
                meeting_id=int(entry.payload["meeting_id"]),
                day=date.fromisoformat(str(entry.payload["day"])),
                language=entry.language,
                platform=entry.platform,
                room_id=entry.destination,
            )
        if entry.kind == agenda_draft.PUBLISHED:
            return digests.agenda_message(
                ctx, meeting_id=int(entry.payload["meeting_id"]), language=entry.language
            )
    except NotFound:
        return None  # what the message was about has been deleted
    raise ValueError(f"unknown kind of outbox message: {entry.kind!r}")
