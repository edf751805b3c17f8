"""Applying the corrections typed over an import preview to the parsed invitation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Final

from tracker.errors import InvalidInput
from tracker.i18n import N_
from tracker.importer.parsed import (
    ParsedContact,
    ParsedContactChange,
    ParsedEvent,
    ParsedInvitation,
    ParsedPerson,
    ParsedWorkgroup,
)
from tracker.importer.preview_rows import (
    Block,
    Corrections,
    cell_clock,
    cell_day,
)

# --- applying corrections -----------------------------------------------------------------------

_NORWEGIAN_DAY: Final = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _parse_day(key: str, text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if match := _NORWEGIAN_DAY.match(text):
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            N_("«{text}» is not a date; write it as 14.02.2025."), field=key, text=text
        ) from None


def _parse_clock(key: str, text: str) -> dt.time | None:
    text = text.strip().replace(".", ":")
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text if len(text) > 2 else f"{text}:00")
    except ValueError:
        raise InvalidInput(
            N_("«{text}» is not a time of day; write it as 09:30."), field=key, text=text
        ) from None


def correct(parsed: ParsedInvitation, corrections: Corrections) -> ParsedInvitation:
    """The invitation as the preview shows it: corrected values in, dropped rows out."""
    c = corrections
    if not c.values and not c.dropped:
        return parsed

    def text(key: str, original: str | None) -> str | None:
        return c.value(key, original or "") or None

    def day(key: str, original: dt.date | None) -> dt.date | None:
        return _parse_day(key, c.value(key, cell_day(original)))

    def kept(prefix: str, count: int) -> list[int]:
        return [i for i in range(count) if f"{prefix}.{i}" not in c.dropped]

    meeting = dataclasses.replace(
        parsed.meeting,
        date=day("meeting.date", parsed.meeting.date),
        start=_parse_clock(
            "meeting.start", c.value("meeting.start", cell_clock(parsed.meeting.start))
        ),
        end=_parse_clock("meeting.end", c.value("meeting.end", cell_clock(parsed.meeting.end))),
        place=text("meeting.place", parsed.meeting.place),
    )
    moved = meeting.date != parsed.meeting.date
    parts = tuple(
        dataclasses.replace(
            part,
            items=tuple(
                dataclasses.replace(
                    part.items[i], title=c.value(f"item.{p}.{i}.title", part.items[i].title)
                )
                for i in kept(f"item.{p}", len(part.items))
            ),
        )
        for p, part in enumerate(parsed.parts)
    )
    workgroups = tuple(
        ParsedWorkgroup(
            wg.number,
            c.value(f"workgroup.{i}.name", wg.name) or wg.name,
            text(f"workgroup.{i}.lead", wg.lead_name),
            wg.line,
        )
        for i, wg in ((i, parsed.workgroups[i]) for i in kept("workgroup", len(parsed.workgroups)))
    )
    roster = tuple(
        ParsedPerson(
            c.value(f"person.{i}.first_name", p.first_name),
            c.value(f"person.{i}.last_name", p.last_name),
            text(f"person.{i}.organisation", p.organisation),
            text(f"person.{i}.email", p.email),
            p.phone,
            p.line,
        )
        for i, p in ((i, parsed.roster[i]) for i in kept("person", len(parsed.roster)))
    )
    deadlines = []
    for i in kept("deadline", len(parsed.deadlines)):
        deadline = parsed.deadlines[i]
        due = day(f"deadline.{i}.due", deadline.due)
        if due != deadline.due:  # a date typed over a relative one is a date, not an offset
            deadline = dataclasses.replace(deadline, due=due, offset_days=None)
        elif moved and deadline.offset_days is not None and meeting.date is not None:
            deadline = dataclasses.replace(
                deadline, due=meeting.date + dt.timedelta(days=deadline.offset_days)
            )
        deadlines.append(deadline)
    events = []
    for i in kept("event", len(parsed.events)):
        event = parsed.events[i]
        start = day(f"event.{i}.start", event.start)
        if start is None:
            raise InvalidInput(N_("An event needs a date."), field=f"event.{i}.start")
        events.append(
            ParsedEvent(
                c.value(f"event.{i}.title", event.title) or event.title,
                start,
                day(f"event.{i}.end", event.end),
                event.line,
            )
        )
    consultations = tuple(
        dataclasses.replace(
            parsed.consultations[i],
            deadline=day(f"consultation.{i}.due", parsed.consultations[i].deadline),
        )
        for i in kept("consultation", len(parsed.consultations))
    )
    changes = []
    for i in kept("change", len(parsed.contact_changes)):
        change = parsed.contact_changes[i]
        last_day = day(f"change.{i}.last_day", change.last_day) or change.last_day
        incoming = c.value(f"change.{i}.incoming", change.incoming_name) or change.incoming_name
        changes.append(
            ParsedContactChange(
                text(f"change.{i}.outgoing", change.outgoing_name), last_day, incoming, change.line
            )
        )
    contact = parsed.contact
    if contact is not None:
        name = c.value("contact.name", contact.name) or contact.name
        contact = ParsedContact(name, contact.phone, contact.email, contact.line)
    return dataclasses.replace(
        parsed,
        group_name=text("group.name", parsed.group_name),
        contact=contact,
        meeting=meeting,
        parts=parts,
        workgroups=workgroups,
        roster=roster,
        deadlines=tuple(deadlines),
        events=tuple(events),
        consultations=consultations,
        contact_changes=tuple(changes),
    )


def corrections_from_form(form: Mapping[str, str], keys: frozenset[str]) -> Corrections:
    """The corrections a submitted preview form holds: `fix:KEY` fields and `drop` boxes."""
    values = {name[4:]: value for name, value in form.items() if name.startswith("fix:")}
    dropped = frozenset(name[5:] for name in form if name.startswith("drop:")) & keys
    return Corrections({k: v for k, v in values.items() if k in keys}, dropped)


def keys_of(shown: tuple[Block, ...]) -> frozenset[str]:
    """Every field and row key a preview shows: the only ones a form may correct."""
    found: set[str] = set()
    for block in shown:
        for row in block.rows:
            if row.key:
                found.add(row.key)
            found.update(cell.key for cell in row.cells if cell.key)
    return frozenset(found)
