"""Write an invitation as the secretariat confirmed it: read from a file, corrected in the preview.

The same upserts as `apply.import_invitation` (importing the same file twice changes nothing),
but of the corrected invitation; a dry run does everything and rolls back, so the preview can
say how many rows an import would create or change.
"""

from __future__ import annotations

import hashlib

from tracker.i18n import N_
from tracker.importer.apply import (
    ImportReport,
    NotAnInvitationError,
    _Counter,
    _Writer,
    not_an_invitation,
)
from tracker.importer.parse import NotAnInvitation, parse_invitation
from tracker.importer.parsed import ParsedInvitation
from tracker.importer.preview import NONE, Corrections, correct
from tracker.models import ImportRun
from tracker.services.context import Actor, ServiceContext


def read_parsed(text: str, filename: str) -> ParsedInvitation:
    """Parse an invitation; raises NotAnInvitationError for files of another kind."""
    try:
        parsed = parse_invitation(text)
    except NotAnInvitation as exc:
        raise not_an_invitation(filename, exc) from exc
    if not parsed.group_name:
        raise NotAnInvitationError(
            N_("{file} does not name the group it invites («Til … faggruppe for …»)."),
            file=filename,
        )
    return parsed


def import_corrected(
    ctx: ServiceContext,
    *,
    actor: Actor,
    text: str,
    filename: str,
    corrections: Corrections = NONE,
    dry_run: bool = False,
) -> ImportReport:
    """Import the invitation with the preview's corrections; nothing is written on a dry run."""
    parsed = correct(read_parsed(text, filename), corrections)
    if not parsed.group_name:
        raise NotAnInvitationError(N_("The group needs a name."), field="group.name")
    with ctx.uow() as uow:
        session = uow.session
        counter = _Counter(session)
        report = _Writer(session, ctx.zone, actor, ctx.clock.now(), parsed).write()
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
