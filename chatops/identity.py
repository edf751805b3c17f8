"""Who speaks: the chat core resolves a message's sender, room and group, and the people its text
mentions, once per message. A platform vouches for its users through a `Vouch` (the e-mail it
verified for a user id); the core asks it only about users not linked yet, so a linked user's
command costs the platform no call."""

from __future__ import annotations

import re
from collections.abc import Callable

from chatops.messages import IncomingMessage
from tracker.schemas import PersonView
from tracker.services import identity
from tracker.services.context import ServiceContext
from tracker.services.identity import ChatTurn

__all__ = ["ChatTurn", "PersonView", "Vouch", "claim_turn", "link_mentioned", "read_turn"]

# A platform user id -> the e-mail address the platform verified for it, or None.
Vouch = Callable[[str], str | None]
# A mention as the core reads it: «<@U123>» (Matrix ids, «<@@user:server>», link themselves).
_MENTION = re.compile(r"<@([A-Z0-9][A-Z0-9]*)(?:\|[^>]*)?>")


def claim_turn(
    ctx: ServiceContext, message: IncomingMessage, vouch: Vouch | None
) -> ChatTurn | None:
    """Claim the message's event and resolve who speaks where; None for an event seen before."""
    turn = identity.begin_chat_turn(
        ctx,
        platform=message.platform,
        event_id=message.event_id,
        room_id=message.room_id,
        user_id=message.sender_id,
        verified_email=message.verified_email,
    )
    return None if turn is None else _vouched(ctx, message, turn, vouch)


def read_turn(ctx: ServiceContext, message: IncomingMessage, vouch: Vouch | None) -> ChatTurn:
    """Who speaks where, claiming no event (a vouched sender is still linked on the way)."""
    turn = identity.read_chat_turn(
        ctx, platform=message.platform, room_id=message.room_id, user_id=message.sender_id
    )
    if turn.person is None and message.verified_email:
        turn = _linked(ctx, message, message.verified_email) or turn
    return _vouched(ctx, message, turn, vouch)


def _vouched(
    ctx: ServiceContext, message: IncomingMessage, turn: ChatTurn, vouch: Vouch | None
) -> ChatTurn:
    """The turn, with an unknown sender linked where the platform vouches for their e-mail."""
    if turn.person is not None or vouch is None:
        return turn
    email = vouch(message.sender_id)
    return (_linked(ctx, message, email) if email else None) or turn


def _linked(ctx: ServiceContext, message: IncomingMessage, email: str) -> ChatTurn | None:
    person = identity.person_for_identity(
        ctx, platform=message.platform, user_id=message.sender_id, verified_email=email
    )
    if person is None:
        return None
    return identity.read_chat_turn(
        ctx, platform=message.platform, room_id=message.room_id, user_id=message.sender_id
    )


def link_mentioned(ctx: ServiceContext, message: IncomingMessage, vouch: Vouch | None) -> None:
    """Link the users a message mentions where the platform vouches, so the line can name them."""
    if vouch is None or "<@" not in message.text:
        return
    for user_id in dict.fromkeys(_MENTION.findall(message.text)):
        if identity.person_for_identity(ctx, platform=message.platform, user_id=user_id):
            continue
        email = vouch(user_id)
        if email:
            identity.person_for_identity(
                ctx, platform=message.platform, user_id=user_id, verified_email=email
            )


def person_of(
    ctx: ServiceContext, *, platform: str, user_id: str, vouch: Vouch | None
) -> PersonView | None:
    """The person behind a platform user, linking them where the platform vouches."""
    person = identity.person_for_identity(ctx, platform=platform, user_id=user_id)
    if person is None and vouch is not None:
        email = vouch(user_id)
        if email:
            person = identity.person_for_identity(
                ctx, platform=platform, user_id=user_id, verified_email=email
            )
    return person
