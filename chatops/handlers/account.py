"""Handlers for help, ping, who-am-I, linking a chat identity, and binding a room."""

from __future__ import annotations

from chatops import commands as c
from chatops.handlers.common import require_group, resolve_workgroup
from chatops.handlers.env import Env
from chatops.reply import BulletList, Heading, Paragraph, Reply, Visibility
from tracker.i18n import N_
from tracker.services import access, identity, rooms

# (command as typed in Norwegian, in English, what it does): the help text and its examples.
HELP_LINES: tuple[tuple[str, str, str], ...] = (
    ("mine oppgaver", "my tasks", N_("your open tasks")),
    (
        "frister · mine frister · frister gruppe 2 · alle frister",
        "deadlines · my deadlines · deadlines group 2 · all deadlines",
        N_("due dates"),
    ),
    ("til neste møte", "due for next meeting", N_("what must be ready for the next meeting")),
    ("neste møte", "next meeting", N_("date, time, place and agenda")),
    (
        "dagsorden neste møte",
        "agenda next meeting",
        N_("the draft agenda, with the workgroups' deliverables and the missing ones"),
    ),
    (
        "hvem har levert innspill til sak 3?",
        "who has delivered input to item 3?",
        N_("who has sent written input and who has not (secretariat and leads)"),
    ),
    (
        "ny oppgave Skriv notat frist fredag @Dag Aanensen gruppe 3",
        "new task Write memo due friday @Dag Aanensen group 3",
        N_("create a task"),
    ),
    (
        "#12 pågår · #12 ferdig · #12 står fast: venter på tall",
        "#12 in progress · #12 done · #12 blocked: waiting for figures",
        N_("change status"),
    ),
    (
        "flytt #12 til neste fredag · #12 frist 14.02",
        "move #12 to next friday · #12 due 14.02",
        N_("move a due date"),
    ),
    ("gi #12 til Dag Aanensen", "assign #12 to Dag Aanensen", N_("give a task to someone")),
    ("kommentar #12 Utkast sendt", "comment #12 Draft sent", N_("comment on a task")),
    (
        "innspill sak 3: Vi prioriterer …",
        "input item 3: We prioritise …",
        N_("written input to an agenda item of the next meeting"),
    ),
    (
        "referat sak 4: Gjøvik ansetter 250",
        "minutes item 4: Gjøvik hires 250",
        N_("a line for the minutes"),
    ),
    ("status · status gruppe 2", "summary · summary group 2", N_("the weekly status summary")),
    ("kontaktperson", "contact", N_("who the secretariat's contact person is")),
    ("koble ABCD-EFGH", "link ABCD-EFGH", N_("link your chat account with a code")),
    ("logg inn", "log in", N_("a one-time link that signs you in to the web view")),
    (
        "bind rommet til gruppe 2",
        "bind room to group 2",
        N_("make this room the room of a workgroup"),
    ),
)
# Dates people may write after "frist"/"due".
DATE_HELP = {
    "nb": "14.02 · 14. februar · i morgen · fredag · neste fredag · om to uker · uke 7 · "
    "før neste møte · en uke etter møtet",
    "en": "14.02 · 14 February · tomorrow · friday · next friday · in two weeks · week 7 · "
    "before the next meeting · one week after the meeting",
}


def help_(command: c.Help, env: Env) -> Reply:
    """The commands with examples, in the asker's language."""
    english = env.language == "en"
    items = tuple((0, f"{en if english else nb} — {env.t(what)}") for nb, en, what in HELP_LINES)
    topic = (command.topic or "").casefold()
    if topic:
        matching = tuple(item for item in items if topic in item[1].casefold())
        items = matching or items
    return Reply(
        (
            Heading(env.t(N_("What you can write"))),
            BulletList(items),
            Paragraph(
                env.t(N_("Dates: {examples}"), examples=DATE_HELP["en" if english else "nb"])
            ),
        ),
        env.language,
    )


def ping(command: c.Ping, env: Env) -> Reply:
    """pong."""
    return Reply((Paragraph("pong"),), env.language)


def who_am_i(command: c.WhoAmI, env: Env) -> Reply:
    """Who the sender is linked as."""
    if env.person is None:
        return link_instructions(env)
    org = f" ({env.person.organisation})" if env.person.organisation else ""
    return Reply(
        (Paragraph(env.t(N_("You are {name}{org}."), name=env.person.full_name, org=org)),),
        env.language,
    )


def link_instructions(env: Env) -> Reply:
    """What an unlinked sender is told, whatever they asked."""
    return Reply(
        (
            Paragraph(env.t(N_("I don't know who you are yet, so I did nothing."))),
            Paragraph(
                env.t(
                    N_(
                        "Get a code from the secretariat or the web view and write «{command}» "
                        "here to link your chat account."
                    ),
                    command="koble ABCD-EFGH" if env.language == "nb" else "link ABCD-EFGH",
                )
            ),
        ),
        env.language,
        is_error=True,
    )


def link(command: c.Link, env: Env) -> Reply:
    """Link the sender's chat identity with a one-time code."""
    person = identity.redeem_link_code(
        env.ctx, platform=env.platform, user_id=env.sender_id, code=command.code
    )
    return Reply(
        (
            Paragraph(
                env.t(
                    N_("Welcome, {name}! Your chat account is now linked."), name=person.full_name
                )
            ),
        ),
        env.language,
    )


def sign_in(command: c.SignIn, env: Env) -> Reply:
    """A one-time sign-in link to the web view, for the asker's eyes only."""
    assert env.person is not None
    if not env.web_base_url:
        return Reply(
            (
                Paragraph(
                    env.t(N_("The web view's address is not set up here; ask the secretariat."))
                ),
            ),
            env.language,
            is_error=True,
        )
    token = access.create_sign_in_link(env.ctx, person_id=env.person.id, requested_via=env.platform)
    minutes = int(access.SIGN_IN_TTL.total_seconds() // 60)
    return Reply(
        (
            Paragraph(
                env.t(
                    N_("Your sign-in link (it works once, for {minutes} minutes): {link}"),
                    minutes=minutes,
                    link=access.sign_in_url(env.web_base_url, token),
                )
            ),
            Paragraph(env.t(N_("Do not share it: whoever opens it is signed in as you."))),
        ),
        env.language,
        # A link that signs in as the asker must never be shown to the room.
        visibility=Visibility.PRIVATE,
    )


def bind_room(command: c.BindRoom, env: Env) -> Reply:
    """Bind this room to a workgroup or to the whole group."""
    group_id = require_group(env)
    workgroup = resolve_workgroup(env, command.workgroup) if command.workgroup else None
    rooms.bind_room(
        env.ctx,
        actor=env.actor,
        platform=env.platform,
        room_id=env.room_id,
        group_id=group_id,
        workgroup_id=workgroup.id if workgroup else None,
    )
    text = (
        env.t(
            N_("This room now belongs to workgroup {number} {name}."),
            number=workgroup.number,
            name=workgroup.name,
        )
        if workgroup
        else env.t(N_("This room now belongs to the whole group."))
    )
    return Reply((Paragraph(text),), env.language, visibility=Visibility.ROOM)
