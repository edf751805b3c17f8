"""The domain model: every table of the tracker."""

from tracker.models.agenda import AgendaLayout, MinutesNote
from tracker.models.chat import AskedQuestion, LinkCode, ProcessedEvent, RoomBinding
from tracker.models.delivery import (
    DirectRoom,
    OutboxMessage,
    OutboxStatus,
    PostedMessage,
    SyncState,
)
from tracker.models.groups import (
    Group,
    GroupMembership,
    Role,
    SecretariatContact,
    Workgroup,
    WorkgroupMember,
)
from tracker.models.meetings import (
    AgendaItem,
    AgendaSubPoint,
    Consultation,
    Contribution,
    ContributionKind,
    Deadline,
    DeadlineKind,
    Event,
    Meeting,
    MeetingPart,
)
from tracker.models.people import ApiToken, ChatIdentity, Organisation, Person
from tracker.models.tasks import (
    OPEN_STATUSES,
    Change,
    Channel,
    Comment,
    ImportRun,
    Task,
    TaskStatus,
)
from tracker.models.web import CalendarFeed, FeedScope, SignInLink, WebSession

__all__ = [
    "OPEN_STATUSES",
    "AgendaItem",
    "AgendaLayout",
    "AgendaSubPoint",
    "ApiToken",
    "AskedQuestion",
    "CalendarFeed",
    "Change",
    "Channel",
    "ChatIdentity",
    "Comment",
    "Consultation",
    "Contribution",
    "ContributionKind",
    "Deadline",
    "DeadlineKind",
    "DirectRoom",
    "Event",
    "FeedScope",
    "Group",
    "GroupMembership",
    "ImportRun",
    "LinkCode",
    "Meeting",
    "MeetingPart",
    "MinutesNote",
    "Organisation",
    "OutboxMessage",
    "OutboxStatus",
    "Person",
    "PostedMessage",
    "ProcessedEvent",
    "Role",
    "RoomBinding",
    "SecretariatContact",
    "SignInLink",
    "SyncState",
    "Task",
    "TaskStatus",
    "WebSession",
    "Workgroup",
    "WorkgroupMember",
]
