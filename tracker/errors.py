"""Typed domain errors. Each carries an English message id and parameters; the edges (chat, API,
web, CLI) translate it for the person and map the kind to their own form (a status, a reply)."""

from __future__ import annotations

from tracker.i18n import translate


class DomainError(Exception):
    """A request the domain refuses, with a message a person can act on."""

    code = "domain_error"

    def __init__(self, message: str, /, *, field: str | None = None, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params
        self.field = field

    def localized(self, language: str) -> str:
        """The message in the given language."""
        return translate(self.message, language, **self.params)


class NotFound(DomainError):
    """The thing asked for does not exist."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The person may not do this."""

    code = "permission_denied"


class InvalidInput(DomainError):
    """The request is malformed or breaks a rule; `field` names the culprit where there is one."""

    code = "invalid_input"


class Conflict(DomainError):
    """Someone else changed the thing first (optimistic concurrency), or it already exists."""

    code = "conflict"


class NotAuthenticated(DomainError):
    """No valid credentials were given."""

    code = "not_authenticated"
