"""The refusal of an invitation file that cannot be read as text."""

from __future__ import annotations

from tracker.errors import InvalidInput


class UnreadableInvitation(InvalidInput):
    """The file cannot be read as text: wrong type, broken, or a PDF with no text in it."""

    code = "unreadable_invitation"
