"""A person's home: their open tasks, their workgroups' next deadlines and the next meeting, read
as that person and claiming no event (reading is not handling). A platform with a home view (Slack's
App Home) renders the `HomeTab` value its own way. After a change, the homes of the people it
touched are refreshed by the worker through the outbox: one row per person per short window, so
several changes in a moment publish each home once, and a row is delivered once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sqlalchemy import String, bindparam, literal, select, true, union
from sqlalchemy.sql import Executable, Select, Subquery

from chatops import commands as c
from chatops.delivery import DeliveryResult
from chatops.messages import IncomingMessage
from chatops.reply import Reply, Visibility
from tracker.db import conflict_insert
from tracker.models import OPEN_STATUSES, ChatIdentity, OutboxMessage, OutboxStatus, Task
from tracker.services import groups, tasks
from tracker.services.context import ServiceContext

if TYPE_CHECKING:
    from chatops.core import ChatCore

HOME_TAB = "home_tab"
# Changes this close together refresh a home once: the row is due at the end of its window.
WINDOW = timedelta(seconds=2)


def _touched(one_task: bool) -> Subquery:
    """The people whose homes a change touched: the changed tasks' owners, and the one who
    changed them. A change names one task far more often than several: an «IN» of one is
    rendered anew on every call (SQLAlchemy expands it after the cache), a plain «=» is not."""
    task = (
        Task.id == bindparam("task_id")
        if one_task
        else Task.id.in_(bindparam("task_ids", expanding=True))
    )
    return union(
        select(ChatIdentity.platform_user_id.label("user_id"))
        .join(Task, Task.owner_id == ChatIdentity.person_id)
        .where(ChatIdentity.platform == bindparam("platform"), task),
        select(bindparam("actor", type_=String).label("user_id")),
    ).subquery("touched")


# One statement on the hot path (a change's own request): the outbox rows of the touched homes,
# written where no row of theirs is due in this window yet; the same columns as outbox.add.
_REFRESH_COLUMNS = [
    OutboxMessage.idempotency_key,
    OutboxMessage.kind,
    OutboxMessage.platform,
    OutboxMessage.destination,
    OutboxMessage.direct,
    OutboxMessage.language,
    OutboxMessage.payload,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.not_before,
    OutboxMessage.created_at,
]


def _refresh_rows(touched: Subquery) -> Select[Any]:
    """The outbox rows of the touched homes, one per person (the columns of _REFRESH_COLUMNS)."""
    return select(
        bindparam("prefix", type_=String) + touched.c.user_id + bindparam("suffix", type_=String),
        literal(HOME_TAB),
        bindparam("platform", type_=String),
        touched.c.user_id,
        literal(True),
        literal(""),
        bindparam("payload", type_=OutboxMessage.payload.type),
        literal(OutboxStatus.PENDING.value),
        literal(0),
        bindparam("due", type_=OutboxMessage.not_before.type),
        bindparam("now", type_=OutboxMessage.created_at.type),
    ).where(true())  # SQLite reads «INSERT … SELECT … ON CONFLICT» only when the SELECT has a WHERE


@cache
def _refresh(dialect: str, one_task: bool) -> Executable:
    """The refresh statement in a dialect, built once (the same object keeps its cache key)."""
    return (
        conflict_insert(dialect, OutboxMessage)
        .from_select(_REFRESH_COLUMNS, _refresh_rows(_touched(one_task)))
        .on_conflict_do_nothing(index_elements=[OutboxMessage.idempotency_key])
    )


@dataclass(frozen=True, slots=True)
class HomeTab:
    """What a person's home shows; `linked` False means only `who` (how to link) is shown."""

    language: str
    linked: bool
    who: Reply | None = None
    my_tasks: Reply | None = None
    deadlines: tuple[Reply, ...] = ()
    meeting: Reply | None = None


@runtime_checkable
class HomePublisher(Protocol):
    """A sender that can also publish a person's home view (the worker's port)."""

    platform: str

    def publish_home(self, user_id: str, home: HomeTab) -> DeliveryResult:
        """Replace a user's home view with this one."""
        ...


def home_message(platform: str, user_id: str) -> IncomingMessage:
    """The message a home is read as: the user, in their direct room, with no event."""
    return IncomingMessage(
        platform=platform,
        room_id=f"home:{user_id}",
        sender_id=user_id,
        text="",
        event_id="",
        is_direct=True,
    )


def home_tab(core: ChatCore, *, platform: str, user_id: str) -> HomeTab:
    """A user's home as it is now, read as them (an unknown user is linked where vouched)."""
    message = home_message(platform, user_id)
    turn = core.read_turn(message)
    person = turn.person
    if person is None:
        return HomeTab(core.default_language, linked=False, who=core.ask(message, c.WhoAmI(), turn))
    group_id = turn.group_id
    numbers: set[int] = set()
    if group_id is not None:
        # The workgroups the person leads or owns open tasks in.
        numbers = {
            wg.number
            for wg in groups.list_workgroups(core.ctx, group_id=group_id)
            if wg.lead_id == person.id
        }
        numbers |= {
            t.workgroup_number
            for t in tasks.list_tasks(
                core.ctx, group_id=group_id, owner_id=person.id, statuses=OPEN_STATUSES
            )
        }
    return HomeTab(
        person.language,
        linked=True,
        my_tasks=core.ask(message, c.MyTasks(), turn),
        deadlines=tuple(
            core.ask(message, c.Deadlines(scope=str(number)), turn) for number in sorted(numbers)
        ),
        meeting=core.ask(message, c.NextMeeting(), turn),
    )


def touched(reply: Reply) -> bool:
    """Whether a reply reports a change to tasks (whose owners' homes then change)."""
    return not reply.is_error and reply.visibility == Visibility.ROOM and bool(reply.task_ids)


def refresh_homes(ctx: ServiceContext, *, platform: str, reply: Reply, actor: str) -> None:
    """Write the outbox rows that republish the homes a change touched (the actor's and the
    tasks' owners'); a home already due in this window is not written again."""
    if not touched(reply):
        return
    now = ctx.clock.now()
    window = int(now.timestamp() // WINDOW.total_seconds())
    due = datetime.fromtimestamp((window + 1) * WINDOW.total_seconds(), UTC)
    one_task = len(reply.task_ids) == 1
    with ctx.connect() as conn:
        conn.execute(
            _refresh(conn.dialect.name, one_task),
            {
                "platform": platform,
                **(
                    {"task_id": reply.task_ids[0]}
                    if one_task
                    else {"task_ids": list(reply.task_ids)}
                ),
                "actor": actor,
                "prefix": f"{HOME_TAB}:{platform}:",
                "suffix": f":{window}",
                "payload": {},
                "due": due,
                "now": now,
            },
        )
        conn.commit()


def platform_users_of(ctx: ServiceContext, *, platform: str, person_ids: set[int]) -> set[str]:
    """The platform users linked to some people."""
    if not person_ids:
        return set()
    with ctx.uow() as uow:
        return set(
            uow.session.scalars(
                select(ChatIdentity.platform_user_id).where(
                    ChatIdentity.platform == platform, ChatIdentity.person_id.in_(person_ids)
                )
            )
        )
