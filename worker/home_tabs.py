"""Home tabs, republished by the worker rather than in the request that changed something: the
chat core writes a `home_tab` outbox row per person a change touched (one per person per short
window), and the delivery job hands such a row here. The home is read as the person when the row
is delivered, so one publish shows every change of its window."""

from __future__ import annotations

import logging

from chatops.core import ChatCore
from chatops.delivery import DeliveryResult, Failed, Sender
from chatops.home import HOME_TAB, HomePublisher, home_tab
from tracker.bootstrap import Runtime
from tracker.services.outbox import OutboxEntry

__all__ = ["HOME_TAB", "publish"]

log = logging.getLogger(__name__)


def publish(runtime: Runtime, sender: Sender | None, entry: OutboxEntry) -> DeliveryResult | None:
    """Publish the home a row asks for; None when the row's platform has no home publisher."""
    if not isinstance(sender, HomePublisher):
        return None
    core = ChatCore(
        runtime.ctx,
        default_language=runtime.settings.language,
        web_base_url=runtime.settings.base_url,
    )
    home = home_tab(core, platform=entry.platform, user_id=entry.destination)
    try:
        return sender.publish_home(entry.destination, home)
    except Exception as exc:  # a sender's bug is a failed delivery, not a lost one
        log.exception("publishing the home of %s failed", entry.destination)
        return Failed(reason=f"{type(exc).__name__}: {exc}")
