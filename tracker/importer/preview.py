"""What an import would create or change, as rows a person checks, corrects or drops first.

One view of a parsed invitation serves the web preview and `tiltak import --dry-run`, so both
show the same facts. A correction is a value typed over a field (keyed like «workgroup.2.lead»)
or a dropped row (keyed like «workgroup.2»); `correct` turns the parsed invitation and the
corrections into the invitation that is then written, exactly as the preview showed it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from tracker.errors import InvalidInput
from tracker.i18n import N_, translate
from tracker.importer.parsed import (
    ParsedContact,
    ParsedContactChange,
    ParsedEvent,
    ParsedInvitation,
    ParsedPerson,
    ParsedWorkgroup,
)

TEXT: Final = "text"
DATE: Final = "date"
TIME: Final = "time"


@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a row; `key` names it when it can be corrected."""

    value: str
    key: str | None = None
    kind: str = TEXT
    label: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """One thing the import would write; `key` names it when it can be dropped."""

    line: int
    cells: tuple[Cell, ...]
    key: str | None = None
    dropped: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A kind of thing (workgroups, roster, deadlines …) with a heading and its columns."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Corrections:
    """Values typed over fields, by key, and the keys of dropped rows."""

    values: Mapping[str, str] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    def value(self, key: str, original: str) -> str:
        """The value shown for a field: the correction, else what was read."""
        return self.values.get(key, original).strip()


NONE: Final = Corrections()


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _clock(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def blocks(parsed: ParsedInvitation, corrections: Corrections = NONE) -> tuple[Block, ...]:
    """The preview's rows, with the corrections shown in place of what was read."""
    c = corrections

    def cell(key: str, original: str, kind: str = TEXT, label: str = "") -> Cell:
        return Cell(c.value(key, original), key, kind, label)

    meeting = parsed.meeting
    group = Block(
        "group",
        N_("Group and meeting"),
        (N_("Group"), N_("Date"), N_("Starts"), N_("Ends"), N_("Place")),
        (
            Row(
                meeting.line,
                (
                    cell("group.name", parsed.group_name or "", label=N_("Group")),
                    cell("meeting.date", _day(meeting.date), DATE, N_("Date")),
                    cell("meeting.start", _clock(meeting.start), TIME, N_("Starts")),
                    cell("meeting.end", _clock(meeting.end), TIME, N_("Ends")),
                    cell("meeting.place", meeting.place or "", label=N_("Place")),
                ),
            ),
        ),
    )
    agenda_rows = []
    for p, part in enumerate(parsed.parts):
        for i, item in enumerate(part.items):
            key = f"item.{p}.{i}"
            agenda_rows.append(
                Row(
                    item.line,
                    (
                        Cell(part.title),
                        Cell(item.label),
                        cell(f"{key}.title", item.title, label=N_("Title")),
                        Cell(" · ".join(point.text for point in item.sub_points)),
                    ),
                    key,
                    key in c.dropped,
                )
            )
    agenda = Block(
        "agenda",
        N_("Agenda"),
        (N_("Part"), N_("Item"), N_("Title"), N_("Points")),
        tuple(agenda_rows),
    )
    workgroups = Block(
        "workgroups",
        N_("Workgroups and leads"),
        (N_("Number"), N_("Name"), N_("Lead")),
        tuple(
            Row(
                wg.line,
                (
                    Cell(str(wg.number)),
                    cell(f"workgroup.{i}.name", wg.name, label=N_("Name")),
                    cell(f"workgroup.{i}.lead", wg.lead_name or "", label=N_("Lead")),
                ),
                f"workgroup.{i}",
                f"workgroup.{i}" in c.dropped,
            )
            for i, wg in enumerate(parsed.workgroups)
        ),
    )
    roster = Block(
        "roster",
        N_("Roster"),
        (N_("First name"), N_("Last name"), N_("Organisation"), N_("E-mail")),
        tuple(
            Row(
                person.line,
                (
                    cell(f"person.{i}.first_name", person.first_name, label=N_("First name")),
                    cell(f"person.{i}.last_name", person.last_name, label=N_("Last name")),
                    cell(
                        f"person.{i}.organisation",
                        person.organisation or "",
                        label=N_("Organisation"),
                    ),
                    cell(f"person.{i}.email", person.email or "", label=N_("E-mail")),
                ),
                f"person.{i}",
                f"person.{i}" in c.dropped,
            )
            for i, person in enumerate(parsed.roster)
        ),
    )
    deadlines = Block(
        "deadlines",
        N_("Deadlines"),
        (N_("Deadline"), N_("Item"), N_("Due")),
        tuple(
            Row(
                deadline.line,
                (
                    Cell(deadline.text),
                    Cell(deadline.agenda_item_label or ""),
                    cell(f"deadline.{i}.due", _day(deadline.due), DATE, N_("Due")),
                ),
                f"deadline.{i}",
                f"deadline.{i}" in c.dropped,
            )
            for i, deadline in enumerate(parsed.deadlines)
        ),
    )
    events = Block(
        "events",
        N_("Events"),
        (N_("Event"), N_("From"), N_("To")),
        tuple(
            Row(
                event.line,
                (
                    cell(f"event.{i}.title", event.title, label=N_("Event")),
                    cell(f"event.{i}.start", _day(event.start), DATE, N_("From")),
                    cell(f"event.{i}.end", _day(event.end), DATE, N_("To")),
                ),
                f"event.{i}",
                f"event.{i}" in c.dropped,
            )
            for i, event in enumerate(parsed.events)
        ),
    )
    consultations = Block(
        "consultations",
        N_("Consultations"),
        (N_("Consultation"), N_("Due")),
        tuple(
            Row(
                item.line,
                (
                    Cell(item.title),
                    cell(f"consultation.{i}.due", _day(item.deadline), DATE, N_("Due")),
                ),
                f"consultation.{i}",
                f"consultation.{i}" in c.dropped,
            )
            for i, item in enumerate(parsed.consultations)
        ),
    )
    contact = Block(
        "contact",
        N_("Secretariat contact"),
        (N_("Name"),),
        (
            (
                Row(
                    parsed.contact.line,
                    (cell("contact.name", parsed.contact.name, label=N_("Name")),),
                ),
            )
            if parsed.contact
            else ()
        ),
    )
    changes = Block(
        "changes",
        N_("Change of contact"),
        (N_("Contact until"), N_("Contact then"), N_("Last day")),
        tuple(
            Row(
                change.line,
                (
                    cell(f"change.{i}.outgoing", change.outgoing_name or "", label=N_("Until")),
                    cell(f"change.{i}.incoming", change.incoming_name, label=N_("Then")),
                    cell(f"change.{i}.last_day", _day(change.last_day), DATE, N_("Last day")),
                ),
                f"change.{i}",
                f"change.{i}" in c.dropped,
            )
            for i, change in enumerate(parsed.contact_changes)
        ),
    )
    return tuple(
        block
        for block in (
            group,
            agenda,
            workgroups,
            roster,
            deadlines,
            events,
            consultations,
            contact,
            changes,
        )
        if block.rows
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
        return _parse_day(key, c.value(key, _day(original)))

    def kept(prefix: str, count: int) -> list[int]:
        return [i for i in range(count) if f"{prefix}.{i}" not in c.dropped]

    meeting = dataclasses.replace(
        parsed.meeting,
        date=day("meeting.date", parsed.meeting.date),
        start=_parse_clock("meeting.start", c.value("meeting.start", _clock(parsed.meeting.start))),
        end=_parse_clock("meeting.end", c.value("meeting.end", _clock(parsed.meeting.end))),
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


# --- the same preview as text -------------------------------------------------------------------


def render_preview(shown: tuple[Block, ...], language: str) -> str:
    """The preview's facts as text: a heading per kind, a line per row with its source line."""

    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    lines: list[str] = []
    for block in shown:
        lines.append(f"{t(block.title)}:")
        for row in block.rows:
            values = " | ".join(
                (f"{t(column)}: {cell.value}" if cell.value else f"{t(column)}: –")
                for column, cell in zip(block.columns, row.cells, strict=True)
            )
            dropped = f" ({t(N_('dropped'))})" if row.dropped else ""
            lines.append("  " + t(N_("line {line}"), line=row.line) + f": {values}{dropped}")
    return "\n".join(lines)
