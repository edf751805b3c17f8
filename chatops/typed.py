"""The typed form of a command: the line a person could write to get exactly that command.

A question back offers its readings as these lines, a button carries one, the corpus states
what each phrasing must give in this form, and the parser reads every one of them back to the
same command (a test holds that round trip)."""

from __future__ import annotations

from chatops import commands as c
from chatops.vocabulary import status_label
from tracker.dates import DueDate
from tracker.models import ContributionKind

_WORDS = {
    "nb": {
        "help": "hjelp",
        "ping": "ping",
        "whoami": "hvem er jeg",
        "mytasks": "mine oppgaver",
        "mydeadlines": "mine frister",
        "deadlines": "frister",
        "due_meeting": "til neste møte",
        "next_meeting": "neste møte",
        "agenda_draft": "dagsorden neste møte",
        "input_round": "hvem har levert innspill",
        "show": "vis",
        "new": "ny oppgave",
        "due": "frist",
        "owner": "ansvarlig",
        "group": "gruppe",
        "later": "utsett",
        "earlier": "fremskynd",
        "day": ("dag", "dager"),
        "month": ("måned", "måneder"),
        "assign": "gi",
        "to": "til",
        "comment": "kommentar",
        "input": "innspill",
        "minutes": "referat",
        "item": "sak",
        "summary": "status",
        "contact": "kontaktperson",
        "link": "koble",
        "signin": "logg inn",
        "bind": "bind rommet til",
        "whole": "hele faggruppen",
    },
    "en": {
        "help": "help",
        "ping": "ping",
        "whoami": "who am i",
        "mytasks": "my tasks",
        "mydeadlines": "my deadlines",
        "deadlines": "deadlines",
        "due_meeting": "due for next meeting",
        "next_meeting": "next meeting",
        "agenda_draft": "agenda next meeting",
        "input_round": "who has delivered input",
        "show": "show",
        "new": "new task",
        "due": "due",
        "owner": "owner",
        "group": "group",
        "later": "postpone",
        "earlier": "bring forward",
        "day": ("day", "days"),
        "month": ("month", "months"),
        "assign": "assign",
        "to": "to",
        "comment": "comment",
        "input": "input",
        "minutes": "minutes",
        "item": "item",
        "summary": "summary",
        "contact": "contact",
        "link": "link",
        "signin": "log in",
        "bind": "bind room to",
        "whole": "the whole group",
    },
}


def _day(due: DueDate) -> str:
    return f"{due.day:%d.%m.%Y}"


def _units(count: int, unit: tuple[str, str]) -> str:
    return f"{count} {unit[0] if count == 1 else unit[1]}"


def typed_command(command: c.Command, language: str = "nb") -> str:
    """The line that gives `command` (dates written out in full, so the line keeps its meaning)."""
    w = _WORDS.get(language, _WORDS["nb"])
    match command:
        case c.Help(topic=topic):
            return f"{w['help']} {topic}" if topic else str(w["help"])
        case c.Ping():
            return str(w["ping"])
        case c.WhoAmI():
            return str(w["whoami"])
        case c.MyTasks():
            return str(w["mytasks"])
        case c.Deadlines(mine=True):
            return str(w["mydeadlines"])
        case c.Deadlines(scope=scope):
            if scope and scope.isdigit():
                return f"{w['deadlines']} {w['group']} {scope}"
            return f"{w['deadlines']} {scope}" if scope else str(w["deadlines"])
        case c.DueForMeeting():
            return str(w["due_meeting"])
        case c.NextMeeting():
            return str(w["next_meeting"])
        case c.AgendaDraft():
            return str(w["agenda_draft"])
        case c.InputRound(item=item):
            return (
                f"{w['input_round']} {w['to']} {w['item']} {item}"
                if item
                else str(w["input_round"])
            )
        case c.ShowTask(task_id=task_id):
            return f"{w['show']} #{task_id}"
        case c.CreateTask(title=title, due=due, owner=owner, workgroup=workgroup):
            parts = [f"{w['new']} {title}"]
            if due is not None:
                parts.append(f"{w['due']} {_day(due)}")
            if owner:
                parts.append(f"{w['owner']} {owner}")
            if workgroup:
                parts.append(f"{w['group']} {workgroup}")
            return " ".join(parts)
        case c.SetStatus(task_id=task_id, status=status, reason=reason):
            line = f"#{task_id} {status_label(status, language)}"
            return f"{line}: {reason}" if reason else line
        case c.MoveDue(task_id=task_id, due=due):
            return f"#{task_id} {w['due']} {_day(due)}"
        case c.ShiftDue(task_id=task_id, days=days, months=months):
            verb = w["earlier"] if days < 0 or months < 0 else w["later"]
            unit = w["month"] if months else w["day"]
            amount = _units(abs(months or days), unit)  # type: ignore[arg-type]
            return f"{verb} #{task_id} {amount}"
        case c.Assign(task_id=task_id, owner=owner):
            return f"{w['assign']} #{task_id} {w['to']} {owner}"
        case c.AddComment(task_id=task_id, text=text):
            return f"{w['comment']} #{task_id}: {text}"
        case c.Contribute(item=item, text=text, kind=kind):
            verb = w["minutes"] if kind == ContributionKind.MINUTES else w["input"]
            return f"{verb} {w['item']} {item}: {text}" if item else f"{verb}: {text}"
        case c.Summary(workgroup=workgroup):
            if workgroup and workgroup.isdigit():
                return f"{w['summary']} {w['group']} {workgroup}"
            return f"{w['summary']} {workgroup}" if workgroup else str(w["summary"])
        case c.Contact():
            return str(w["contact"])
        case c.Link(code=code):
            return f"{w['link']} {code}"
        case c.SignIn():
            return str(w["signin"])
        case c.BindRoom(workgroup=workgroup):
            return f"{w['bind']} {workgroup if workgroup else w['whole']}"
        case c.EditTask(task_id=task_id):
            return f"{w['show']} #{task_id}"  # a form has no typed form; showing it is nearest
    raise TypeError(command)
