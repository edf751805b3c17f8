"""Write a parsed invitation into the tracker in one transaction, as upserts on natural keys, so
that importing the same file again changes nothing; a dry run does everything and rolls back."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.errors import InvalidInput
from tracker.i18n import N_
from tracker.importer.parse import (
    EMPTY_TEXT,
    NO_MEETING_OR_AGENDA,
    NotAnInvitation,
    parse_invitation,
)
from tracker.importer.parsed import (
    Note,
    Unplaced,
)
from tracker.importer.write_meetings import MeetingWriter
from tracker.importer.write_people import PeopleWriter
from tracker.models import (
    ImportRun,
)
from tracker.services.context import Actor, ServiceContext


class NotAnInvitationError(InvalidInput):
    """The file is not an invitation of the genre the importer reads."""

    code = "not_an_invitation"


# Why a text is not an invitation, said to the person (the parser's codes never reach them).
_NOT_AN_INVITATION = {
    EMPTY_TEXT: N_("{file} is empty: there is no invitation to read."),
    NO_MEETING_OR_AGENDA: N_(
        "{file} does not look like a meeting invitation: it has neither a meeting date "
        "nor an agenda."
    ),
}


def not_an_invitation(filename: str, refused: NotAnInvitation) -> NotAnInvitationError:
    """The error for a file the parser refused, with the reason in words."""
    message = _NOT_AN_INVITATION.get(
        refused.reason_code, N_("{file} does not look like a meeting invitation.")
    )
    return NotAnInvitationError(message, file=filename)


@dataclass
class ImportReport:
    """What an import did (or would do, on a dry run), and what it could not place."""

    group_id: int
    group_name: str
    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    roster_size: int = 0
    organisations: int = 0
    workgroups: int = 0
    agenda_items: int = 0
    deadlines: int = 0
    events: int = 0
    contact_change_on: date | None = None
    unplaced: tuple[Unplaced, ...] = ()
    notes: tuple[Note, ...] = ()
    kept_as_text: tuple[Unplaced, ...] = ()
    next_meeting_on: date | None = None

    @property
    def every_line_placed(self) -> bool:
        """True only when no line is unplaced and no line with a structure cue stayed text."""
        return not self.unplaced and not self.kept_as_text

    @property
    def changes(self) -> int:
        """How many rows were written."""
        return sum(self.created.values()) + sum(self.updated.values())


class _Counter:
    """Counts what each flush inserts or really modifies, by table."""

    def __init__(self, session: Session) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        event.listen(session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.new:
            self.created[type(obj).__tablename__] += 1
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                self.updated[type(obj).__tablename__] += 1
        for obj in session.deleted:
            self.updated[type(obj).__tablename__] += 1


def import_invitation(
    ctx: ServiceContext, *, actor: Actor, text: str, filename: str, dry_run: bool = False
) -> ImportReport:
    """Import an invitation; raises NotAnInvitationError (and writes nothing) for other files."""
    try:
        parsed = parse_invitation(text)
    except NotAnInvitation as exc:
        raise not_an_invitation(filename, exc) from exc
    if not parsed.group_name:
        raise NotAnInvitationError(
            N_("{file} does not name the group it invites («Til … faggruppe for …»)."),
            file=filename,
        )
    with ctx.uow() as uow:
        session = uow.session
        counter = _Counter(session)
        writer = _Writer(session, ctx.zone, actor, ctx.clock.now(), parsed)
        report = writer.write()
        session.flush()
        report.created, report.updated = counter.created, counter.updated
        report.dry_run = dry_run
        if not dry_run and report.changes:
            session.add(
                ImportRun(
                    group_id=report.group_id,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    filename=filename,
                    imported_at=ctx.clock.now(),
                    changes=report.changes,
                )
            )
            uow.commit()
        return report


class _Writer(PeopleWriter, MeetingWriter):
    """Upserts one parsed invitation; each part (people, meetings) handles its kinds of fact."""

    def write(self) -> ImportReport:
        group = self._group()
        roster = self._roster(group)
        secretariat = self._secretariat(group)
        workgroups = [self._workgroup(group, wg) for wg in self.parsed.workgroups]
        meeting = self._meeting(group)
        next_meeting = self._next_meeting(group, meeting)
        items = self._agenda(meeting) if meeting else {}
        deadlines = [
            self._deadline(group, next_meeting if d.next_meeting else meeting, items, d)
            for d in self.parsed.deadlines
        ]
        events = [self._event(group, e) for e in self.parsed.events]
        for consultation in self.parsed.consultations:
            self._consultation(group, consultation.title, consultation.text, consultation.deadline)
        change = self.parsed.contact_changes[-1] if self.parsed.contact_changes else None
        del secretariat
        return ImportReport(
            group_id=group.id,
            group_name=group.name,
            dry_run=False,
            roster_size=len(roster),
            organisations=len({p.organisation for p in self.parsed.roster if p.organisation}),
            workgroups=len(workgroups),
            agenda_items=len(items),
            deadlines=len([d for d in deadlines if d is not None]),
            events=len(events),
            contact_change_on=change.first_day if change else None,
            unplaced=self.parsed.unplaced,
            notes=self.parsed.notes,
            kept_as_text=self.parsed.kept_as_text,
            next_meeting_on=self.parsed.next_meeting_date,
        )
