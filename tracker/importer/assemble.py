"""Step 4: turn the draft into a frozen `ParsedInvitation`, and cross-check what it says.

Assembly settles what needs the whole letter (the group's name and part, links to parts, dates
of relative deadlines) and notes what a person should check; it never drops a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from typing import Final

from tracker.dates import absolute
from tracker.importer.draft import ContactDraft, DeadlineDraft, Draft, PartDraft
from tracker.importer.fields import real_url
from tracker.importer.lines import SourceLine
from tracker.importer.names import GROUP_IN_TEXT, choose_group_name
from tracker.importer.parsed import (
    CUE_DATE,
    CUE_DEADLINE,
    CUE_LEAD,
    CUE_ROSTER_NAME,
    CUE_WORKGROUP,
    NOTE_LEAD_NOT_ON_ROSTER,
    NOTE_MEETING_DATE_FROM_AGENDA,
    NOTE_PART_DATE_MISMATCH,
    NOTE_WORKGROUP_COUNT_MISMATCH,
    ParsedAgendaItem,
    ParsedConsultation,
    ParsedContact,
    ParsedDeadline,
    ParsedInvitation,
    ParsedMeeting,
    ParsedPart,
    ParsedPerson,
    ParsedWorkgroup,
    Unplaced,
)
from tracker.importer.prose import NUMBER_WORDS


def assemble(d: Draft, lines: Sequence[SourceLine]) -> ParsedInvitation:
    """The invitation the draft describes; `lines` are all source lines, for the unplaced."""
    group_name = choose_group_name(d)
    is_group = _group_flags(d.parts)
    links = _attach_links(d, is_group, group_name)
    meeting_date = _meeting_date(d, is_group)
    parts = tuple(
        _finish_part(part, flag, links.get(index))
        for index, (part, flag) in enumerate(zip(d.parts, is_group, strict=True))
    )
    _cross_check(d, parts, meeting_date)
    unplaced = d.ledger.unplaced(lines)
    meeting = ParsedMeeting(
        date=meeting_date,
        start=d.meeting_start,
        end=d.meeting_end,
        place=d.place,
        links=tuple(dict.fromkeys(url for _, url in sorted(d.links))),
        description=_paragraphs(d.description),
        previous_meeting_date=d.previous_meeting_date,
        line=d.meeting_line or 0,
    )
    return ParsedInvitation(
        letter_date=d.letter_date,
        group_name=group_name,
        organisation_name=_organisation(d),
        contact=_finish_contact(d.contact) or _finish_contact(d.signature),
        signature_name=d.signature_name,
        secretariat_organisation=d.secretariat_organisation,
        meeting=meeting,
        parts=parts,
        workgroups=tuple(_with_lead_organisations(d)),
        workgroup_mandate=d.workgroup_mandate,
        roster=tuple(d.roster),
        deadlines=tuple(
            _finish_deadline(x, d.parts, is_group, meeting_date, d.next_meeting_date)
            for x in d.deadlines
        ),
        events=tuple(d.events),
        consultations=tuple(
            ParsedConsultation(c.title, " ".join(c.texts), c.deadline, c.line)
            for c in d.consultations
        ),
        contact_changes=tuple(d.contact_changes),
        unplaced=unplaced,
        notes=tuple(sorted(d.notes, key=lambda note: note.line)),
        workgroup_intro=d.workgroup_intro,
        our_reference=d.our_reference,
        your_reference=d.your_reference,
        archive_code=d.archive_code,
        next_meeting_date=d.next_meeting_date,
        next_meeting_start=d.next_meeting_start,
        next_meeting_line=d.next_meeting_line,
        signature_title=d.signature.title if d.signature else None,
        kept_as_text=kept_as_text(lines, d.ledger.kept_only(), d.roster),
    )


def _with_lead_organisations(d: Draft) -> list[ParsedWorkgroup]:
    """A lead whose organisation is not written beside the name has the roster's."""
    organisations = {p.full_name.casefold(): p.organisation for p in d.roster}
    return [
        group
        if group.lead_organisation or not group.lead_name
        else dataclasses.replace(
            group, lead_organisation=organisations.get(group.lead_name.casefold())
        )
        for group in d.workgroups
    ]


def _group_flags(parts: Sequence[PartDraft]) -> list[bool]:
    """Which parts are the group's own: named "faggruppe for ...", else the last one."""
    flags = [bool(GROUP_IN_TEXT.search(part.title)) for part in parts]
    if parts and not any(flags):
        flags[-1] = True
    return flags


def _attach_links(
    d: Draft, is_group: Sequence[bool], group: str | None
) -> dict[int, tuple[str, str]]:
    """Match "Fellesdel: [lenke]" bullets to parts; other links belong to the meeting."""
    attached: dict[int, tuple[str, str]] = {}
    for line, label, url in d.part_links:
        index = _part_for_link(label, d.parts, is_group, group)
        if index is not None and index not in attached:
            attached[index] = (label, url if real_url(url) else "")
        elif real_url(url):
            d.links.append((line.number, url))
        else:
            continue  # a placeholder link to nothing: reported as unplaced
        d.ledger.place(line)
    return attached


def _part_for_link(
    label: str, parts: Sequence[PartDraft], is_group: Sequence[bool], group: str | None
) -> int | None:
    folded = label.replace(" ", "").casefold()
    for index, part in enumerate(parts):
        if folded.startswith("felles") and not is_group[index]:
            return index
        if group and is_group[index] and folded == group.replace(" ", "").casefold():
            return index
        if folded and folded in part.title.replace(" ", "").casefold():
            return index
    return None


def _meeting_date(d: Draft, is_group: Sequence[bool]) -> dt.date | None:
    if d.meeting_date is not None:
        return d.meeting_date
    dated = [
        (part, flag) for part, flag in zip(d.parts, is_group, strict=True) if part.heading_date
    ]
    if not dated:
        return None
    part = max(dated, key=lambda pair: pair[1])[0]
    assert part.heading_date is not None
    detail = "no 'Tid:' line; date taken from the agenda"
    d.note(part.line, NOTE_MEETING_DATE_FROM_AGENDA, detail, date=part.heading_date.isoformat())
    return part.heading_date


def _finish_part(part: PartDraft, is_group: bool, link: tuple[str, str] | None) -> ParsedPart:
    items = tuple(
        ParsedAgendaItem(item.number, item.label, item.title, tuple(item.sub_points), item.line)
        for item in part.items
    )
    label, url = link if link else (None, None)
    url = url or None  # a "#" placeholder is a label without a link
    return ParsedPart(
        part.title, part.start, part.end, label, items, is_group, part.line, link_url=url
    )


def _finish_deadline(
    x: DeadlineDraft,
    parts: Sequence[PartDraft],
    is_group: Sequence[bool],
    meeting_date: dt.date | None,
    next_meeting_date: dt.date | None,
) -> ParsedDeadline:
    index = x.part_index if x.part_index is not None else _part_for_sak(x, parts, is_group)
    due = x.due
    anchor = next_meeting_date if x.next_meeting else meeting_date
    if due is None and x.offset_days is not None and anchor is not None:
        due = absolute.shift_days(anchor, x.offset_days)
    part_is_group = is_group[index] if index is not None else True
    return ParsedDeadline(
        x.text,
        x.item_label,
        part_is_group,
        x.kind,
        due,
        x.offset_days,
        x.line,
        about=x.about,
        next_meeting=x.next_meeting,
    )


_WORKGROUP_CUE: Final = re.compile(r"\barbeidsgrupp\w*|\bgruppe\s+(?:[0-9]{1,2}|[A-ZÆØÅ])\b", re.I)
_LEAD_CUE: Final = re.compile(r"\b(?:leder|leiar|ansvarlig|ansvarleg|koordinator)\b", re.I)
_DEADLINE_CUE: Final = re.compile(r"\b\w*frist\w*|\b(?:senest|seinast)\b", re.I)


def kept_as_text(
    lines: Sequence[SourceLine], kept: set[int], roster: Sequence[ParsedPerson]
) -> tuple[Unplaced, ...]:
    """Lines kept only as text that carry a cue of structure, each with its first cue."""
    names = sorted({p.full_name for p in roster if " " in p.full_name}, key=len, reverse=True)
    roster_names = (
        re.compile("|".join(rf"\b{re.escape(name)}\b" for name in names), re.I) if names else None
    )
    found: list[Unplaced] = []
    for line in lines:
        if line.number not in kept:
            continue
        cue = _first_cue(line.text, roster_names)
        if cue is not None:
            found.append(Unplaced(line.number, line.raw.strip(), cue[0], cue[1]))
    return tuple(found)


def _first_cue(text: str, roster_names: re.Pattern[str] | None) -> tuple[str, str] | None:
    if match := _DEADLINE_CUE.search(text):
        return CUE_DEADLINE, match.group(0)
    if dates := absolute.find_dates(text):
        return CUE_DATE, dates[0].text.rstrip(" .")
    if match := _WORKGROUP_CUE.search(text):
        return CUE_WORKGROUP, match.group(0)
    if match := _LEAD_CUE.search(text):
        return CUE_LEAD, match.group(0)
    if roster_names is not None and (match := roster_names.search(text)):
        return CUE_ROSTER_NAME, match.group(0)
    return None


def _part_for_sak(
    x: DeadlineDraft, parts: Sequence[PartDraft], is_group: Sequence[bool]
) -> int | None:
    """The part whose item has this label and the closest title; the group's part on a tie."""
    if x.item_label is None:
        return None
    title = (x.sak_title or "").casefold()
    scored = [
        (_title_score(title, item.title.casefold()), is_group[index], index)
        for index, part in enumerate(parts)
        for item in part.items
        if item.label == x.item_label
    ]
    return max(scored)[2] if scored else None


def _title_score(wanted: str, title: str) -> float:
    if wanted and title.startswith(wanted):
        return 1.0
    return difflib.SequenceMatcher(None, wanted, title).ratio()


def _cross_check(d: Draft, parts: Sequence[ParsedPart], meeting_date: dt.date | None) -> None:
    """Facts a person should check: leads missing from the roster, counts and dates that differ."""
    names = {person.full_name.casefold() for person in d.roster}
    for group in d.workgroups:
        if d.roster and group.lead_name and group.lead_name.casefold() not in names:
            detail = f"{group.lead_name} leads workgroup {group.number} but is not on the roster"
            d.note(
                group.line,
                NOTE_LEAD_NOT_ON_ROSTER,
                detail,
                name=group.lead_name,
                number=str(group.number),
            )
    _check_workgroup_count(d)
    for draft, part in zip(d.parts, parts, strict=True):
        if draft.heading_date and meeting_date and draft.heading_date != meeting_date:
            detail = f"agenda dated {draft.heading_date}, meeting {meeting_date}"
            d.note(
                part.line,
                NOTE_PART_DATE_MISMATCH,
                detail,
                agenda_date=draft.heading_date.isoformat(),
                meeting_date=meeting_date.isoformat(),
            )


def _check_workgroup_count(d: Draft) -> None:
    if d.workgroup_intro is None or not d.workgroups:
        return
    words = "|".join(NUMBER_WORDS)
    match = re.search(rf"\b([0-9]+|{words})\b[^.]*arbeidsgrupp", d.workgroup_intro, re.I)
    if match is None:
        return
    raw = match.group(1).casefold()
    said = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    if said != len(d.workgroups):
        listed = len(d.workgroups)
        detail = f"the letter announces {said} workgroups, {listed} are listed"
        d.note(
            d.workgroups[0].line,
            NOTE_WORKGROUP_COUNT_MISMATCH,
            detail,
            announced=str(said),
            listed=str(listed),
        )


def _organisation(d: Draft) -> str | None:
    """The alliance: from "Til Osloregionens faggruppe", else the secretariat's line."""
    return d.organisation_name or d.secretariat_organisation


def _finish_contact(contact: ContactDraft | None) -> ParsedContact | None:
    if contact is None or contact.name is None:
        return None
    return ParsedContact(contact.name, contact.phone, contact.email, contact.line)


def _paragraphs(parts: Sequence[tuple[int, str]]) -> str:
    """Join lines; a gap in line numbers (a blank line) starts a new paragraph."""
    out: list[str] = []
    previous = None
    for number, text in parts:
        if out:
            out.append("\n" if previous == number - 1 else "\n\n")
        out.append(text)
        previous = number
    return "".join(out)
