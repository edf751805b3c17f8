"""Handlers for tasks: list mine, show one, create, change status, move a due date, assign."""

from __future__ import annotations

from datetime import date, timedelta

from chatops import commands as c
from chatops.formatting import short_day
from chatops.handlers.common import (
    default_workgroup,
    require_group,
    resolve_person,
    resolve_workgroup,
    task_line,
)
from chatops.handlers.env import Env
from chatops.reply import Field, Fields, Heading, Paragraph, Reply, Visibility
from chatops.typed import typed_command
from chatops.vocabulary import status_label
from tracker import schemas as s
from tracker.calendar_no import due_note
from tracker.dates import DueDate
from tracker.errors import Conflict, InvalidInput
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES
from tracker.services import history, reads, tasks

OPEN = OPEN_STATUSES


def my_tasks(command: c.MyTasks, env: Env) -> Reply:
    """The sender's open tasks, soonest due first."""
    assert env.person is not None
    found = reads.list_task_summaries(
        env.ctx, actor=env.actor, owner_id=env.person.id, statuses=OPEN
    )
    if not found:
        return Reply((Paragraph(env.t(N_("You have no open tasks."))),), env.language)
    lines = tuple(task_line(t, env, with_workgroup=True) for t in found)
    return Reply(
        (Heading(env.t(N_("Your open tasks ({count})"), count=len(found))), *lines),
        env.language,
        task_ids=tuple(t.id for t in found),
    )


def show_task(command: c.ShowTask, env: Env) -> Reply:
    """One task, its details and its last changes."""
    task = reads.get_task(env.ctx, actor=env.actor, task_id=command.task_id)
    fields = [
        Field(env.t(N_("Workgroup")), f"{task.workgroup_number} {task.workgroup_name}"),
        Field(env.t(N_("Owner")), task.owner_name or env.t(N_("nobody"))),
        Field(env.t(N_("Status")), status_label(task.status, env.language)),
        Field(
            env.t(N_("Due")),
            short_day(task.due_on, env.language, env.today) if task.due_on else env.t(N_("none")),
        ),
    ]
    if task.description:
        fields.append(Field(env.t(N_("Description")), task.description))
    changes = history.history(env.ctx, entity="task", entity_id=task.id)[-3:]  # read above
    blocks: list[Heading | Paragraph | Fields] = [Fields(tuple(fields))]
    if changes:
        blocks.append(Heading(env.t(N_("Latest changes"))))
        blocks.extend(
            Paragraph(
                env.t(
                    N_("{when}: {who} changed {field} ({channel})"),
                    when=short_day(ch.at.astimezone(env.ctx.zone).date(), env.language, env.today),
                    who=ch.actor_name or env.t(N_("the system")),
                    field=ch.field,
                    channel=ch.channel,
                )
            )
            for ch in changes
        )
    return Reply((task_line(task, env), *blocks), env.language, title=None, task_ids=(task.id,))


def _due_fields(due: DueDate) -> dict[str, object]:
    fields: dict[str, object] = {"due_on": due.day}
    if due.meeting_id is not None:
        fields["meeting_id"] = due.meeting_id
    return fields


def create_task(command: c.CreateTask, env: Env) -> Reply:
    """A new task in the room's workgroup (or the one named), owned by the sender or someone."""
    require_group(env)
    assert env.person is not None
    workgroup = (
        resolve_workgroup(env, command.workgroup) if command.workgroup else default_workgroup(env)
    )
    if workgroup is None:
        raise InvalidInput(
            N_("Which workgroup is it for? Add e.g. «gruppe 2» to the command."), field="workgroup"
        )
    owner = resolve_person(env, command.owner) if command.owner else env.person
    fields: dict[str, object] = {
        "title": command.title,
        "workgroup_id": workgroup.id,
        "owner_id": owner.id,
    }
    if command.due is not None:
        fields.update(_due_fields(command.due))
    if command.description:
        fields["description"] = command.description
    if command.source_link:
        fields["source_link"] = command.source_link
    task = tasks.create_task(env.ctx, actor=env.actor, data=s.TaskCreate.model_validate(fields))
    return Reply(
        (
            Paragraph(
                env.t(
                    N_("Created task #{id} in workgroup {number}."),
                    id=task.id,
                    number=task.workgroup_number,
                )
            ),
            *_day_off_note(task.due_on, env),
            task_line(task, env),
        ),
        env.language,
        visibility=Visibility.ROOM,
        task_ids=(task.id,),
    )


def edit_task(command: c.EditTask, env: Env) -> Reply:
    """Change what a form changed: only the fields that differ from the task are written."""
    task = reads.get_task(env.ctx, actor=env.actor, task_id=command.task_id)
    workgroup = resolve_workgroup(env, command.workgroup)
    owner = resolve_person(env, command.owner) if command.owner else None
    wanted: dict[str, object] = {
        "title": command.title,
        "description": command.description,
        "workgroup_id": workgroup.id,
        "owner_id": owner.id if owner else None,
        "due_on": command.due.day if command.due else None,
        "meeting_id": command.due.meeting_id if command.due else None,
    }
    current = task.model_dump()
    fields = {name: value for name, value in wanted.items() if value != current[name]}
    if fields:
        fields["version"] = command.version
        try:
            task = tasks.update_task(
                env.ctx,
                actor=env.actor,
                task_id=task.id,
                data=s.TaskUpdate.model_validate(fields),
            )
        except Conflict as exc:
            return _stale(exc, task.id, env)
    return Reply(
        (Paragraph(env.t(N_("Task #{id} is updated."), id=task.id)), task_line(task, env)),
        env.language,
        visibility=Visibility.ROOM,
        task_ids=(task.id,),
    )


def _stale(exc: Conflict, task_id: int, env: Env) -> Reply:
    """A change made from an outdated view: say so, and show the task as it is now."""
    current = reads.get_task(env.ctx, actor=env.actor, task_id=task_id)
    return Reply(
        (Paragraph(exc.localized(env.language)), task_line(current, env)),
        env.language,
        is_error=True,
        task_ids=(task_id,),
        error_field=exc.field,
    )


def _changed_reply(message: str, task: s.TaskView, env: Env) -> Reply:
    """A change everyone in the room may want to see, with the task as it is now."""
    return Reply(
        (Paragraph(message), task_line(task, env)),
        env.language,
        visibility=Visibility.ROOM,
        task_ids=(task.id,),
    )


def _unchanged_reply(message: str, task: s.TaskView, env: Env) -> Reply:
    """A change to what the task already is: nothing was written, so only the asker hears."""
    return Reply((Paragraph(message), task_line(task, env)), env.language, task_ids=(task.id,))


def set_status(command: c.SetStatus, env: Env) -> Reply:
    """Change a task's status; to the status it has, say so and change nothing."""
    try:
        change = tasks.apply_status(
            env.ctx,
            actor=env.actor,
            task_id=command.task_id,
            status=command.status,
            reason=command.reason,
            version=command.version,
        )
    except Conflict as exc:
        if command.version is None:
            raise
        return _stale(exc, command.task_id, env)
    task = change.task
    status = status_label(task.status, env.language)
    if not change.changed:
        return _unchanged_reply(
            env.t(N_("#{id} is already {status}."), id=task.id, status=status), task, env
        )
    return _changed_reply(env.t(N_("#{id} is now {status}."), id=task.id, status=status), task, env)


def move_due(command: c.MoveDue, env: Env) -> Reply:
    """Set or move a task's due date; to the date it has, say so and change nothing."""
    try:
        change = tasks.move_due(
            env.ctx,
            actor=env.actor,
            task_id=command.task_id,
            due_on=command.due.day,
            meeting_id=command.due.meeting_id,
            version=command.version,
        )
    except Conflict as exc:
        if command.version is None:
            raise
        return _stale(exc, command.task_id, env)
    task = change.task
    assert task.due_on is not None
    day = short_day(task.due_on, env.language, env.today)
    if not change.changed:
        return _unchanged_reply(
            env.t(N_("#{id} is already due {date}."), id=task.id, date=day), task, env
        )
    note = due_note(env.ctx.calendar, task.due_on, env.language)
    if note is not None:
        said = env.t(N_("#{id} is now due {date} — {note}."), id=task.id, date=day, note=note)
        return _changed_reply(said, task, env)
    return _changed_reply(env.t(N_("#{id} is now due {date}."), id=task.id, date=day), task, env)


def _day_off_note(day: date | None, env: Env) -> tuple[Paragraph, ...]:
    """A due date on a holiday or in the summer break is said to be one."""
    note = due_note(env.ctx.calendar, day, env.language) if day is not None else None
    if note is None or day is None:
        return ()
    return (
        Paragraph(
            env.t(
                N_("Due {date}: {note}."), date=short_day(day, env.language, env.today), note=note
            )
        ),
    )


def shift_due(command: c.ShiftDue, env: Env) -> Reply:
    """Move a task's current due date later or earlier by days or months."""
    try:
        change = tasks.shift_due(
            env.ctx,
            actor=env.actor,
            task_id=command.task_id,
            days=command.days,
            months=command.months,
        )
    except tasks.NoDueDate:
        example = c.MoveDue(command.task_id, DueDate(env.today + timedelta(weeks=2)))
        return Reply(
            (
                Paragraph(
                    env.t(
                        N_("#{id} has no due date yet. Write e.g. «{example}»."),
                        id=command.task_id,
                        example=typed_command(example, env.language),
                    )
                ),
            ),
            env.language,
            is_error=True,
            error_field="due_on",
        )
    task, before = change.task, change.before
    assert task.due_on is not None
    assert before.due_on is not None
    new = short_day(task.due_on, env.language, env.today)
    if not change.changed:
        return _unchanged_reply(
            env.t(N_("#{id} is already due {date}."), id=task.id, date=new), task, env
        )
    said = env.t(
        N_("The due date of #{id} is moved from {old} to {new}."),
        id=task.id,
        old=short_day(before.due_on, env.language, env.today),
        new=new,
    )
    note = due_note(env.ctx.calendar, task.due_on, env.language)
    if note is not None:
        said = env.t(N_("{moved} Note: {note}."), moved=said, note=note)
    return _changed_reply(said, task, env)


def assign(command: c.Assign, env: Env) -> Reply:
    """Give a task to someone; to the one who has it, say so and change nothing."""
    if command.owner_id is not None:
        # The words named this one person on the roster; the service checks they exist.
        owner_id, name = command.owner_id, command.owner
    else:
        owner = resolve_person(env, command.owner)
        owner_id, name = owner.id, owner.full_name
    change = tasks.apply_task_update(
        env.ctx, actor=env.actor, task_id=command.task_id, data=s.TaskUpdate(owner_id=owner_id)
    )
    task = change.task
    if not change.changed:
        return _unchanged_reply(
            env.t(N_("{name} already has #{id}."), id=task.id, name=name), task, env
        )
    return _changed_reply(
        env.t(N_("#{id} now belongs to {name}."), id=task.id, name=name), task, env
    )


def add_comment(command: c.AddComment, env: Env) -> Reply:
    """Comment on a task."""
    tasks.add_comment(
        env.ctx, actor=env.actor, task_id=command.task_id, data=s.CommentCreate(body=command.text)
    )
    return Reply(
        (Paragraph(env.t(N_("Comment added to #{id}."), id=command.task_id)),),
        env.language,
        visibility=Visibility.ROOM,
    )
