"""The import report as a person reads it: what was imported, what was corrected, and every
line that could not be placed, with its line number."""

from __future__ import annotations

import datetime as dt
import string

from tracker.i18n import N_, translate
from tracker.importer.apply import ImportReport
from tracker.importer.names import WHY_SEPARATOR
from tracker.importer.parsed import (
    CUE_DATE,
    CUE_DEADLINE,
    CUE_LEAD,
    CUE_ROSTER_NAME,
    CUE_WORKGROUP,
    NOTE_GROUP_NAME_CORRECTED,
    NOTE_ITEM_OUT_OF_SEQUENCE,
    NOTE_LABEL_READ_AS,
    NOTE_LEAD_NOT_ON_ROSTER,
    NOTE_MEETING_DATE_FROM_AGENDA,
    NOTE_PART_DATE_MISMATCH,
    NOTE_ROSTER_NAME_SPLIT,
    NOTE_WORKGROUP_COUNT_MISMATCH,
    UNRECOGNISED_LINE,
    Note,
)

REASONS = {
    UNRECOGNISED_LINE: N_("not recognised"),
    "roster_row_malformed": N_("roster row with missing or extra columns"),
    "date_invalid": N_("a date that does not exist"),
    "date_year_unknown": N_("a date without a year, and no year to take it from"),
    "no_agenda_item": N_("agenda text before the first numbered item"),
    "duplicate_field": N_("the same field a second time"),
    "signature_line_extra": N_(
        "a line under the signature that is no name, title, organisation, phone or e-mail"
    ),
}


def unplaced_reason(code: str) -> str:
    """Why a line was not placed, as a message id: the parser's code itself never reaches a
    person (an unknown one reads as "not recognised")."""
    return REASONS.get(code, REASONS[UNRECOGNISED_LINE])


# Why a line kept as text is listed: the cue it carries (`Unplaced.detail` is the cue as written).
CUES = {
    CUE_WORKGROUP: N_("names a workgroup («{cue}»), but no workgroup was read from it"),
    CUE_LEAD: N_("names a lead («{cue}»), but no lead was read from it"),
    CUE_DATE: N_("has a date ({cue}), but no deadline, event or meeting was read from it"),
    CUE_DEADLINE: N_("speaks of a deadline («{cue}»), but no deadline was read from it"),
    CUE_ROSTER_NAME: N_("names {cue} from the roster, but no lead or contact was read from it"),
}

# A note's message by its code; the placeholders are the names in `Note.params`.
NOTES = {
    NOTE_GROUP_NAME_CORRECTED: N_("read «{written}» as «{read_as}» ({why})"),
    NOTE_LABEL_READ_AS: N_("read «{written}» as «{read_as}»"),
    NOTE_LEAD_NOT_ON_ROSTER: N_("{name} leads workgroup {number} but is not on the roster"),
    NOTE_WORKGROUP_COUNT_MISMATCH: N_(
        "the letter announces {announced} workgroups, {listed} are listed"
    ),
    NOTE_PART_DATE_MISMATCH: N_("the agenda is dated {agenda_date}, the meeting {meeting_date}"),
    NOTE_ITEM_OUT_OF_SEQUENCE: N_("item {item} follows item {previous}"),
    NOTE_ROSTER_NAME_SPLIT: N_("full names split into first and last name at the last space"),
    NOTE_MEETING_DATE_FROM_AGENDA: N_(
        "no «Tid:» line; the meeting date {date} is taken from the agenda"
    ),
}
_DATE_PARAMS = frozenset({"date", "agenda_date", "meeting_date"})  # ISO dates in `Note.params`


def note_text(note: Note, language: str) -> str:
    """The note in the language; its English `detail` if the code or a parameter is unknown."""
    message = NOTES.get(note.code)
    params = {name: _param(name, value, language) for name, value in note.params}
    if message is None or _placeholders(message) - params.keys():
        return note.detail
    return translate(message, language, **params)


def _param(name: str, value: str, language: str) -> str:
    if name in _DATE_PARAMS:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    if name == "why":  # message ids (names.WHY_*) joined with WHY_SEPARATOR
        return WHY_SEPARATOR.join(translate(why, language) for why in value.split(WHY_SEPARATOR))
    return value


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def render_report(report: ImportReport, language: str) -> str:
    """A short, readable summary of an import."""

    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    heading = (
        N_("Dry run: nothing was written. Importing {group} would make {changes} changes.")
        if report.dry_run
        else N_("Imported {group}: {changes} changes.")
    )
    lines = [t(heading, group=report.group_name, changes=report.changes)]
    if not report.dry_run and report.changes == 0:
        lines = [t(N_("{group} is already up to date; nothing changed."), group=report.group_name)]
    lines.append(
        t(
            N_(
                "Roster: {people} people from {organisations} organisations. "
                "Workgroups: {workgroups}. Agenda items: {items}. Deadlines: {deadlines}. "
                "Events: {events}."
            ),
            people=report.roster_size,
            organisations=report.organisations,
            workgroups=report.workgroups,
            items=report.agenda_items,
            deadlines=report.deadlines,
            events=report.events,
        )
    )
    if report.next_meeting_on:
        lines.append(
            t(
                N_("The next meeting is planned for {date}."),
                date=report.next_meeting_on.strftime("%d.%m.%Y"),
            )
        )
    if report.contact_change_on:
        lines.append(
            t(
                N_("The contact person changes on {date}."),
                date=report.contact_change_on.strftime("%d.%m.%Y"),
            )
        )
    if report.notes:
        lines.append(t(N_("Corrections and things to check:")))
        lines.extend(
            "  " + t(N_("line {line}: {detail}"), line=note.line, detail=note_text(note, language))
            for note in report.notes
        )
    if report.unplaced:
        lines.append(t(N_("Lines that could not be placed ({count}):"), count=len(report.unplaced)))
        lines.extend(
            "  "
            + t(
                N_("line {line}: {text} ({reason})"),
                line=item.line,
                text=item.text,
                reason=t(unplaced_reason(item.reason_code)),
            )
            for item in report.unplaced
        )
    if report.kept_as_text:
        lines.append(
            t(
                N_("Lines kept as text only, though they look like structure ({count}):"),
                count=len(report.kept_as_text),
            )
        )
        lines.extend(
            "  "
            + t(
                N_("line {line}: {text} ({reason})"),
                line=item.line,
                text=item.text,
                reason=t(CUES.get(item.reason_code, REASONS[UNRECOGNISED_LINE]), cue=item.detail),
            )
            for item in report.kept_as_text
        )
    if report.every_line_placed:
        lines.append(t(N_("Every line was placed.")))
    return "\n".join(lines)
