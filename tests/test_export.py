"""Export: the whole group as one JSON document, and its tasks as a spreadsheet-ready CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.export import CSV_FIELDS, FORMAT_VERSION, export_json, export_tasks_csv
from tracker.models import (
    AgendaItem,
    AgendaSubPoint,
    Channel,
    Consultation,
    ContributionKind,
    DeadlineKind,
    Meeting,
    MeetingPart,
    Person,
    Role,
    SecretariatContact,
    TaskStatus,
    WorkgroupMember,
)
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

ADMIN = Actor.system_actor(Channel.CLI)


@dataclass
class Dataset:
    group_id: int
    member_id: int
    secretary_id: int
    outsider_id: int
    workgroup_id: int
    meeting_id: int
    item_id: int
    task_id: int
    other_task_id: int


def build(ctx: ServiceContext) -> Dataset:
    """One of everything a group holds, with Norwegian text throughout."""
    group = groups.create_group(
        ctx, actor=ADMIN, name="Næringssamarbeid", organisation="Osloregionen"
    )
    member = groups.add_person(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.PersonCreate(
            first_name="Åse", last_name="Ødegård", organisation="Lørenskog kommune"
        ),
    )
    secretary = groups.add_person(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.PersonCreate(
            first_name="Karoline",
            last_name="Ulateig",
            organisation="Osloregionen",
            email="karoline@example.no",
            role=Role.SECRETARIAT,
        ),
    )
    workgroup = groups.create_workgroup(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.WorkgroupCreate(number=4, name="Kompetansebehov og læringsmuligheter"),
    )
    with ctx.uow() as uow:
        # A lead who is not on the roster, as in the seed (no service adds one without it).
        outsider = Person(first_name="Harriet", last_name="Slaaen", name_key="harriet slaaen")
        meeting = Meeting(
            group_id=group.id,
            title="Møte i faggruppen",
            starts_at=datetime(2025, 1, 16, 8, 0, tzinfo=UTC),
            ends_at=datetime(2025, 1, 16, 11, 30, tzinfo=UTC),
            place="Teams",
            previous_meeting_on=date(2024, 11, 7),
        )
        item = AgendaItem(
            number=3,
            label="3",
            title="Handlingsprogram 2025",
            sub_points=[AgendaSubPoint(position=1, level=0, text="Prioriteringer for året")],
        )
        meeting.parts = [MeetingPart(position=1, title="Faggruppemøte", items=[item])]
        uow.session.add_all([outsider, meeting])
        uow.flush()
        uow.session.add_all(
            [
                WorkgroupMember(workgroup_id=workgroup.id, person_id=member.id),
                SecretariatContact(
                    group_id=group.id, person_id=secretary.id, valid_to=date(2025, 1, 30)
                ),
                Consultation(
                    group_id=group.id, title="Høring om regional plan", due_on=date(2025, 3, 1)
                ),
            ]
        )
        uow.commit()
        ids = (outsider.id, meeting.id, item.id)
    outsider_id, meeting_id, item_id = ids
    groups.update_workgroup(
        ctx, actor=ADMIN, workgroup_id=workgroup.id, data=s.WorkgroupUpdate(lead_id=outsider_id)
    )
    meetings.create_deadline(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.DeadlineCreate(
            title="Skriftlige prioriteringer",
            agenda_item_id=item_id,
            kind=DeadlineKind.CONTRIBUTION,
            offset_days=7,
        ),
    )
    meetings.create_event(
        ctx,
        actor=ADMIN,
        group_id=group.id,
        data=s.EventCreate(title="Arendalsuken", starts_on=date(2025, 8, 14)),
    )
    task = tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="Kartlegg kompetansebehov i Ås og Bærum",
            workgroup_id=workgroup.id,
            owner_id=member.id,
            due_on=date(2025, 1, 23),
            meeting_id=meeting_id,
        ),
    )
    tasks.change_status(ctx, actor=ADMIN, task_id=task.id, status=TaskStatus.DOING)
    tasks.add_comment(
        ctx, actor=ADMIN, task_id=task.id, data=s.CommentCreate(body="Første utkast er på vei")
    )
    other = tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(title='=HYPERLINK("x") og "sitat"; semikolon', workgroup_id=workgroup.id),
    )
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=member.id, channel=Channel.SLACK),
        data=s.ContributionCreate(
            agenda_item_id=item_id, body="Vi prioriterer læring på arbeidsplassen"
        ),
    )
    return Dataset(
        group_id=group.id,
        member_id=member.id,
        secretary_id=secretary.id,
        outsider_id=outsider_id,
        workgroup_id=workgroup.id,
        meeting_id=meeting_id,
        item_id=item_id,
        task_id=task.id,
        other_task_id=other.id,
    )


def round_trip(ctx: ServiceContext, group_id: int) -> dict[str, object]:
    document = export_json(ctx, group_id)
    loaded = json.loads(json.dumps(document, ensure_ascii=False))
    assert loaded == document
    return loaded


def test_the_json_export_round_trips_and_holds_everything(ctx: ServiceContext) -> None:
    data = build(ctx)
    doc = round_trip(ctx, data.group_id)

    assert doc["format_version"] == FORMAT_VERSION
    assert doc["group"]["name"] == "Næringssamarbeid"
    assert {o["name"] for o in doc["organisations"]} == {"Osloregionen", "Lørenskog kommune"}

    people = {p["id"]: p for p in doc["people"]}
    assert set(people) == {data.member_id, data.secretary_id, data.outsider_id}
    assert people[data.member_id]["full_name"] == "Åse Ødegård"
    assert people[data.secretary_id]["role"] == "secretariat"
    assert people[data.outsider_id]["on_roster"] is False
    assert people[data.outsider_id]["role"] is None

    assert doc["contacts"] == [
        {"person_id": data.secretary_id, "valid_from": None, "valid_to": "2025-01-30"}
    ]

    [workgroup] = doc["workgroups"]
    assert workgroup["lead_name"] == "Harriet Slaaen"
    assert workgroup["member_ids"] == [data.member_id]
    assert [(c["field"], c["new_value"]) for c in workgroup["history"]] == [
        ("lead_id", str(data.outsider_id))
    ]

    [meeting] = doc["meetings"]
    assert meeting["starts_at"].startswith("2025-01-16T08:00:00")
    assert meeting["previous_meeting_on"] == "2024-11-07"
    [part] = meeting["parts"]
    [item] = part["items"]
    assert item["title"] == "Handlingsprogram 2025"
    assert item["sub_points"] == [{"level": 0, "text": "Prioriteringer for året"}]

    [deadline] = doc["deadlines"]
    assert deadline["resolved_on"] == "2025-01-23"
    assert deadline["offset_days"] == 7
    assert [e["title"] for e in doc["events"]] == ["Arendalsuken"]
    assert doc["events"][0]["starts_on"] == "2025-08-14"
    assert [c["title"] for c in doc["consultations"]] == ["Høring om regional plan"]

    exported = {t["id"]: t for t in doc["tasks"]}
    assert set(exported) == {data.task_id, data.other_task_id}
    task = exported[data.task_id]
    assert task["title"] == "Kartlegg kompetansebehov i Ås og Bærum"
    assert task["status"] == "doing"
    assert task["due_on"] == "2025-01-23"
    assert [c["body"] for c in task["comments"]] == ["Første utkast er på vei"]
    assert ("status", "todo", "doing") in {
        (c["field"], c["old_value"], c["new_value"]) for c in task["history"]
    }
    assert task["history"][0]["channel"] == "cli"
    assert exported[data.other_task_id]["comments"] == []

    [contribution] = doc["contributions"]
    assert contribution["body"] == "Vi prioriterer læring på arbeidsplassen"
    assert contribution["person_id"] == data.member_id
    assert contribution["kind"] == ContributionKind.INPUT.value
    assert contribution["channel"] == "slack"


def test_the_json_export_holds_only_the_groups_own_data(ctx: ServiceContext) -> None:
    data = build(ctx)
    other = groups.create_group(ctx, actor=ADMIN, name="Samferdsel")
    stranger = groups.add_person(
        ctx, actor=ADMIN, group_id=other.id, data=s.PersonCreate(first_name="Per", last_name="Berg")
    )
    workgroup = groups.create_workgroup(
        ctx, actor=ADMIN, group_id=other.id, data=s.WorkgroupCreate(number=1, name="Vei")
    )
    tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(title="Annen gruppe", workgroup_id=workgroup.id, owner_id=stranger.id),
    )
    doc = round_trip(ctx, data.group_id)
    assert stranger.id not in {p["id"] for p in doc["people"]}
    assert "Annen gruppe" not in json.dumps(doc, ensure_ascii=False)
    assert round_trip(ctx, other.id)["tasks"][0]["title"] == "Annen gruppe"


def test_an_unknown_group_is_not_found(ctx: ServiceContext) -> None:
    with pytest.raises(NotFound):
        export_json(ctx, 999)
    with pytest.raises(NotFound):
        export_tasks_csv(ctx, 999, io.StringIO())


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_csv_export_has_one_row_per_task_with_norwegian_letters_intact(
    ctx: ServiceContext,
) -> None:
    data = build(ctx)
    out = io.StringIO(newline="")
    assert export_tasks_csv(ctx, data.group_id, out) == 2
    text = out.getvalue()
    assert text.splitlines()[0] == "\ufeff" + ";".join(CSV_FIELDS)
    rows = {int(r["id"]): r for r in read_csv(text)}
    assert rows[data.task_id] == {
        "id": str(data.task_id),
        "workgroup_number": "4",
        "workgroup_name": "Kompetansebehov og læringsmuligheter",
        "title": "Kartlegg kompetansebehov i Ås og Bærum",
        "owner": "Åse Ødegård",
        "status": "doing",
        "due_on": "2025-01-23",
        "meeting": "2025-01-16",
        "updated_at": "2025-01-10 10:00:00",  # the clock's 09:00 UTC, in Oslo
    }
    other = rows[data.other_task_id]
    assert other["owner"] == other["due_on"] == other["meeting"] == ""


def test_the_csv_export_survives_a_file_and_defuses_formulas(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    data = build(ctx)
    path = tmp_path / "oppgaver.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        export_tasks_csv(ctx, data.group_id, handle)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {int(r["id"]): r for r in csv.DictReader(handle, delimiter=";")}
    # Quotes and the delimiter inside a title survive; a leading "=" cannot run as a formula.
    assert rows[data.other_task_id]["title"] == '\'=HYPERLINK("x") og "sitat"; semikolon'
    assert rows[data.task_id]["owner"] == "Åse Ødegård"


def test_the_csv_export_can_use_commas_without_a_byte_order_mark(ctx: ServiceContext) -> None:
    data = build(ctx)
    out = io.StringIO(newline="")
    export_tasks_csv(ctx, data.group_id, out, delimiter=",", bom=False)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["title"] for r in rows} >= {"Kartlegg kompetansebehov i Ås og Bærum"}
