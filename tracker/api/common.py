"""What the API modules share: the service context, the acting person, paging, the documented
responses and the few ways a handler answers (a view, a list, 201 with Location, 204)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import Response, current_app, g
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field

from tracker import schemas as s
from tracker.app import runtime_of
from tracker.services.context import Actor, ServiceContext

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
    415: "The request body is not JSON.",
    422: "The input is invalid; `errors` names each field at fault.",
    500: "Something went wrong on the server; `error_id` identifies it in the log.",
}


class Page(s.Input):
    """Paging of a list: at most `limit` items after skipping `offset`."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0)


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
