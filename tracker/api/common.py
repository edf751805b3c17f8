"""What the API modules share: the service context, the acting person, paging, the documented
responses and the few ways a handler answers (a view, a list, 201 with Location, 204)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import Response, current_app, g
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field
from werkzeug.routing import BaseConverter

from tracker import schemas as s
from tracker.app import runtime_of
from tracker.services.context import Actor, ServiceContext
from tracker.services.scope import require_readable

T = TypeVar("T")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"
BEARER = "bearer"
SECURITY: list[dict[str, list[str]]] = [{BEARER: []}]
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

_PROBLEM_DESCRIPTIONS = {
    400: "The request body is not valid JSON.",
    401: "No valid API token was given.",
    403: "The person may not do this.",
    404: "The thing asked for does not exist.",
    409: "Someone else changed it first, or it already exists.",
    413: "The request body is too large.",
    415: "The request body is not JSON.",
    422: "The input is invalid; `errors` names each field at fault.",
    500: "Something went wrong on the server; `error_id` identifies it in the log.",
}


# The numbers 1 to 2^31 - 1 (an INTEGER id) and nothing else, not even with a leading zero.
ID_PATTERN = (
    r"(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}"
    r"|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])"
)


class IdConverter(BaseConverter):
    """An id in an address (`<id:task_id>`). The range lives in the pattern, so a number out of
    range matches no address (404): werkzeug's own `int(min, max)` answers 405 to some methods."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        """The id as a number."""
        return int(value)

    def to_url(self, value: object) -> str:
        """The id as it appears in an address."""
        return str(value)


class Page(s.Input):
    """Paging of a list: at most `limit` items after skipping `offset`."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=s.INTEGER_MAX)


class Follows(BaseModel):
    """The operations a client can call next with a value of what an operation answered (`source`,
    a JSON pointer into it): an OpenAPI link to each, filling in a path parameter or body field."""

    operations: tuple[str, ...]
    parameter: str | None = None
    body_field: str | None = None
    source: str = "id"


def operation_id(*, name: str, path: str, method: str) -> str:
    """Name each operation after its handler, e.g. `list_tasks`."""
    return name


def problem_doc(status: int) -> dict[str, Any]:
    """The OpenAPI description of a problem response with the given status."""
    return {
        "description": _PROBLEM_DESCRIPTIONS.get(status, "A problem."),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
    }


def responses(status: int, model: type[BaseModel] | None = None, *problems: int) -> ResponseDict:
    """The documented responses of an operation: its success and the problems it may answer."""
    documented: ResponseDict = {status: model}
    for code in problems:
        documented[code] = problem_doc(code)
    return documented


def common_problems() -> ResponseDict:
    """Problems every API operation may answer."""
    return {code: problem_doc(code) for code in (401, 422, 500)}


def service_context() -> ServiceContext:
    """The service context of the running app."""
    return runtime_of().ctx


def current_actor() -> Actor:
    """The person the request's bearer token stands for (set before every API request)."""
    actor: Actor = g.api_actor
    return actor


def ours(kind: str, id_: int) -> None:
    """A change to another group's thing answers as one to a missing thing (404), before any
    permission is weighed: a 403 would tell that it exists."""
    require_readable(service_context(), current_actor(), kind=kind, id=id_)


def paged(items: Sequence[T], page: Page) -> list[T]:
    """One page of a list that the service returns whole (the short lists: groups, people)."""
    return list(items[page.offset : page.offset + page.limit])


def _json(payload: object, status: int) -> Response:
    response: Response = current_app.response_class(
        current_app.json.dumps(payload), status=status, mimetype="application/json"
    )
    return response


def view(model: BaseModel, status: int = 200) -> Response:
    """A view as JSON."""
    return _json(model.model_dump(mode="json"), status)


def views(models: Sequence[BaseModel]) -> Response:
    """A list of views as a JSON array."""
    return _json([model.model_dump(mode="json") for model in models], 200)


def created(model: BaseModel, location: str) -> Response:
    """201 Created with the new thing and where to find it."""
    response = view(model, 201)
    response.headers["Location"] = location
    return response


def no_content() -> Response:
    """204 No Content, e.g. after a delete."""
    response: Response = current_app.response_class(status=204)
    return response
