"""What an import would create or change, as rows a person checks, corrects or drops first.

One view of a parsed invitation serves the web preview and `tiltak import --dry-run`, so both
show the same facts. A correction is a value typed over a field (keyed like «workgroup.2.lead»)
or a dropped row (keyed like «workgroup.2»); `correct` turns the parsed invitation and the
corrections into the invitation that is then written, exactly as the preview showed it.
The rows (`preview_rows`) and applying the corrections (`corrections`) live beside this module.
"""

from __future__ import annotations

from tracker.i18n import N_, translate
from tracker.importer.corrections import correct, corrections_from_form, keys_of
from tracker.importer.parsed import ParsedInvitation
from tracker.importer.preview_rows import (
    DATE,
    NONE,
    TEXT,
    TIME,
    Block,
    Cell,
    Corrections,
    Row,
    cell_clock,
    cell_day,
)

__all__ = [
    "DATE",
    "NONE",
    "TEXT",
    "TIME",
    "Block",
    "Cell",
    "Corrections",
    "Row",
    "blocks",
    "correct",
    "corrections_from_form",
    "keys_of",
    "render_preview",
]


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
                    cell("meeting.date", cell_day(meeting.date), DATE, N_("Date")),
                    cell("meeting.start", cell_clock(meeting.start), TIME, N_("Starts")),
                    cell("meeting.end", cell_clock(meeting.end), TIME, N_("Ends")),
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
                    cell(f"deadline.{i}.due", cell_day(deadline.due), DATE, N_("Due")),
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
                    cell(f"event.{i}.start", cell_day(event.start), DATE, N_("From")),
                    cell(f"event.{i}.end", cell_day(event.end), DATE, N_("To")),
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
                    cell(f"consultation.{i}.due", cell_day(item.deadline), DATE, N_("Due")),
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
                    cell(f"change.{i}.last_day", cell_day(change.last_day), DATE, N_("Last day")),
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
