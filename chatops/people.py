"""A person as a trusted channel names them: the terminal may speak as anyone (like the CLI), so
a name given there is resolved to one person here, and that person's identity on the channel is
linked, rather than the adapter looking people up itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chatops.i18n import N_
from tracker.services import groups, identity
from tracker.services.context import ServiceContext

NO_ONE = N_("No one is called {name}.")
SEVERAL = N_("Several people are called {name}; give the full name.")


@dataclass(frozen=True)
class Unmatched:
    """The name fits no one, or several people: `message` is the catalog msgid saying which."""

    message: str


def speak_as(
    ctx: ServiceContext, *, name: str, platform: str, user_id_for: Callable[[int], str]
) -> str | Unmatched:
    """The channel's user id for the one person called `name`, linked to them on the way."""
    found = groups.find_people(ctx, name=name)
    if len(found) != 1:
        return Unmatched(NO_ONE if not found else SEVERAL)
    user_id = user_id_for(found[0].id)
    identity.link_identity(ctx, person_id=found[0].id, platform=platform, user_id=user_id)
    return user_id
