"""The message catalog as the adapters see it: they translate through the chat core, never the
tracker, so that an adapter's imports stop at `chatops` and its platform library."""

from __future__ import annotations

from tracker.i18n import N_, Language, normalise_language, translate

__all__ = ["N_", "Language", "normalise_language", "translate"]
