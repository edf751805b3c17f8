"""Every API error is an RFC 9457 problem document (application/problem+json) in the reader's
language: domain errors map to a status by kind, pydantic errors to 422 with one entry per field,
and anything unexpected to a 500 whose error id is in the log."""

from __future__ import annotations

import logging
import re
import string
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from tracker import errors
from tracker.api.common import PROBLEM_MEDIA_TYPE
from tracker.i18n import N_, Language, normalise_language, translate
from tracker.logsafe import shorten

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
TYPE_PREFIX = "urn:tiltak:problem:"


class FieldProblem(BaseModel):
    """What is wrong with one field of the request."""

    field: str | None
    detail: str


class Problem(BaseModel):
    """A problem document (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] | None = None
    error_id: str | None = None


def request_language() -> Language:
    """The reader's language from Accept-Language; Norwegian Bokmål unless they ask for English."""
    return normalise_language(request.accept_languages.best_match(("nb", "nn", "no", "en")))


def is_api_request() -> bool:
    """Whether the current request is addressed to the REST API."""
    return request.path == API_PREFIX.rstrip("/") or request.path.startswith(API_PREFIX)


def problem(
    status: int,
    title: str,
    detail: str | None = None,
    *,
    kind: str | None = None,
    field_errors: list[FieldProblem] | None = None,
    error_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem response; `title` and `detail` are already in the reader's language."""
    body = Problem(
        type=TYPE_PREFIX + kind if kind else "about:blank",
        title=title,
        status=status,
        detail=detail,
        instance=request.path,
        errors=field_errors,
        error_id=error_id,
    )
    response = current_app.response_class(
        current_app.json.dumps(
            {key: value for key, value in body.model_dump(mode="json").items() if value is not None}
        ),
        status=status,
        mimetype=PROBLEM_MEDIA_TYPE,
    )
    response.headers["Content-Language"] = request_language()
    response.headers.update(headers or {})
    return response


def _t(message: str, **params: object) -> str:
    return translate(message, request_language(), **params)


# --- domain errors --------------------------------------------------------------------------

_DOMAIN: tuple[tuple[type[errors.DomainError], int, str], ...] = (
    (errors.NotAuthenticated, 401, N_("Authentication required")),
    (errors.PermissionDenied, 403, N_("Not allowed")),
    (errors.NotFound, 404, N_("Not found")),
    (errors.Conflict, 409, N_("Conflict")),
    (errors.InvalidInput, 422, N_("Invalid input")),
)


def domain_problem(error: errors.DomainError) -> Response:
    """The problem for an error the domain raised, in the reader's language."""
    status, title = 400, N_("The request was refused")
    for error_class, class_status, class_title in _DOMAIN:
        if isinstance(error, error_class):
            status, title = class_status, class_title
            break
    if isinstance(error, errors.NotFound) and error.field is not None:
        # The address exists; something the body refers to does not.
        status, title = 422, N_("Invalid input")
    detail = error.localized(request_language())
    headers: dict[str, str] = {}
    if status == 401:
        challenge = 'Bearer realm="tiltak"'
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            challenge += ', error="invalid_token"'  # RFC 6750: a token came and was refused
        headers["WWW-Authenticate"] = challenge
    field_errors = [FieldProblem(field=error.field, detail=detail)] if error.field else None
    return problem(
        status, _t(title), detail, kind=error.code, field_errors=field_errors, headers=headers
    )


# --- validation -----------------------------------------------------------------------------

_DATETIME = N_("Give a date and time with a time zone, e.g. 2025-03-04T10:00:00+01:00.")
_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not expected here."),
    "string_type": N_("Give text."),
    "string_too_short": N_("Give at least {min_length} characters."),
    "string_too_long": N_("Give at most {max_length} characters."),
    "string_pattern_mismatch": N_("This does not have the expected form."),
    "int_type": N_("Give a whole number."),
    "int_parsing": N_("Give a whole number."),
    "int_from_float": N_("Give a whole number."),
    "greater_than": N_("Give a number greater than {gt}."),
    "greater_than_equal": N_("Give a number of at least {ge}."),
    "less_than": N_("Give a number less than {lt}."),
    "less_than_equal": N_("Give a number of at most {le}."),
    "bool_type": N_("Give true or false."),
    "bool_parsing": N_("Give true or false."),
    "date_type": N_("Give a date as YYYY-MM-DD."),
    "date_parsing": N_("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Give a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": N_("Give a date as YYYY-MM-DD."),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "list_type": N_("Give a list."),
    "too_long": N_("Give at most {max_length} items."),
    "model_type": N_("The request body must be a JSON object."),
    "model_attributes_type": N_("The request body must be a JSON object."),
    "dict_type": N_("The request body must be a JSON object."),
    "json_invalid": N_("The request body is not valid JSON."),
    "text_control_character": N_("Text cannot contain control characters."),
    "string_unicode": N_("Give text in valid Unicode."),
    "number_out_of_range": N_("The number is too large."),
    "date_out_of_range": N_("Give a date between the years {earliest} and {latest}."),
}
_GENERIC = N_("This value is not valid.")


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def explain(error: Mapping[str, Any], language: str) -> str:
    """One pydantic error as a sentence in the reader's language."""
    kind = str(error.get("type", ""))
    context: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "string_too_short" and context.get("min_length") == 1:
        return translate(N_("This cannot be empty."), language)
    if kind in {"enum", "literal_error"}:
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        return translate(N_("Give one of: {choices}."), language, choices=", ".join(choices))
    message = _VALIDATION_MESSAGES.get(kind, _GENERIC)
    names = _placeholders(message)
    if not names <= context.keys():
        return translate(_GENERIC, language)
    return translate(message, language, **{name: context[name] for name in names})


def field_name(location: tuple[int | str, ...]) -> str | None:
    """The field a pydantic error location points at, dotted (`status.1`), or None for the body."""
    return ".".join(str(part) for part in location) or None


def validation_problem(error: ValidationError) -> Response:
    """422 with one entry per invalid field (flask-openapi3's validation error callback)."""
    language = request_language()
    field_errors = [
        FieldProblem(field=field_name(item["loc"]), detail=explain(item, language))
        for item in error.errors(include_url=False, include_input=False)
    ]
    return problem(
        422,
        _t(N_("Invalid input")),
        _t(N_("The request is not valid; the errors list says what to fix.")),
        kind="validation_error",
        field_errors=field_errors,
    )


def body_not_an_object() -> Response:
    """422 for a JSON body that is not an object."""
    detail = _t(N_("The request body must be a JSON object."))
    return problem(
        422,
        _t(N_("Invalid input")),
        detail,
        kind="validation_error",
        field_errors=[FieldProblem(field=None, detail=detail)],
    )


def malformed_json() -> Response:
    """400 for a body that does not parse as JSON."""
    return problem(
        400,
        _t(N_("Malformed request")),
        _t(N_("The request body is not valid JSON.")),
        kind="malformed_json",
    )


def not_json() -> Response:
    """415 for a body sent as something other than JSON."""
    return problem(
        415,
        _t(N_("Unsupported media type")),
        _t(N_("Send the request body as JSON (Content-Type: application/json).")),
        kind="unsupported_media_type",
    )


# --- HTTP and unexpected errors -------------------------------------------------------------


def http_problem(error: HTTPException) -> Response | HTTPException:
    """Routing and HTTP errors under /api as problems; elsewhere Flask's own pages."""
    if not is_api_request():
        return error
    if isinstance(error, NotFound):
        return problem(404, _t(N_("Not found")), _t(N_("There is no such address in the API.")))
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ()))
        return problem(
            405,
            _t(N_("Method not allowed")),
            _t(N_("This address does not support that method.")),
            headers={"Allow": allowed} if allowed else None,
        )
    if isinstance(error, RequestEntityTooLarge):
        return problem(
            413,
            _t(N_("Request too large")),
            _t(
                N_("The request body may be at most {limit} bytes."),
                limit=current_app.config["MAX_CONTENT_LENGTH"],
            ),
            kind="request_too_large",
        )
    status = error.code or 500
    return problem(status, error.name)


def unexpected_problem(error: Exception) -> Response | HTTPException:
    """500 for a bug, logged with an error id that the response repeats."""
    if isinstance(error, HTTPException):
        return http_problem(error)
    error_id = uuid.uuid4().hex
    log.error(
        "Unexpected error %s in %s %s",
        error_id,
        request.method,
        shorten(request.path),
        exc_info=error,
    )
    return problem(
        500,
        _t(N_("Internal error")),
        _t(
            N_("Something went wrong on our side. Quote error id {error_id} when you report it."),
            error_id=error_id,
        ),
        kind="internal_error",
        error_id=error_id,
    )
