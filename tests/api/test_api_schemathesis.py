"""schemathesis against the served API, in-process through its WSGI support, on each database:
every operation of the OpenAPI document gets its examples, its boundary values (coverage),
generated valid and invalid requests (fuzzing) and the linked sequences (stateful: a task made,
then read, changed and deleted) from a secretariat officer, so writes happen; every answer must
be what the document promises. A run is bounded and deterministic: the same cases every time.

schemathesis runs through its engine (what `schemathesis run` does) rather than its pytest
plugin: the plugin's fixture-loaded schema fails on pytest 9.2, and the engine adds the coverage
and stateful phases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from api_world import World
from flask_openapi3 import OpenAPI
from schemathesis.engine import Status, events, from_schema

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)
# Generated cases per operation and mode. 50 keeps every operation's examples, boundary values
# and linked sequences (the coverage and stateful phases do not depend on it) while halving the
# fuzzing share, which was a quarter of the whole suite's time at 100; the same cases every run.
MAX_EXAMPLES = 50
SEED = 20261202


@dataclass
class Run:
    """What one schemathesis run sent and found."""

    cases: Counter[str] = field(default_factory=Counter)
    per_phase: Counter[str] = field(default_factory=Counter)
    links_followed: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def schemathesis_config(token: str) -> schemathesis.Config:
    """Every phase, the five conformance checks, a fixed seed, the secretariat's token."""
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "auth": {"openapi": {"bearer": {"bearer": token}}},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            # Chains of valid requests, so that a task made is then read, changed and deleted;
            # the other phases send the invalid ones.
            "phases": {"stateful": {"generation": {"mode": "positive"}}},
        }
    )


def describe_failure(check: Any, case: schemathesis.Case, interaction: Any) -> str:
    status = interaction.response.status_code if interaction and interaction.response else None
    title = check.failure_info.failure.title if check.failure_info else ""
    return (
        f"{check.name}: {case.method} {case.formatted_path} query={case.query} "
        f"body={str(case.body)[:200]} -> {status} ({title})"
    )


def run_schemathesis(app: OpenAPI, token: str) -> Run:
    """Load the served document and run every phase against the app in-process."""
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=schemathesis_config(token)
    )
    run = Run()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            recorder = event.recorder
            for case_id, node in recorder.cases.items():
                run.cases[node.value.operation.label] += 1
                run.per_phase[event.phase.value] += 1
                if node.transition is not None and not node.transition.is_inferred:
                    run.links_followed.add(node.transition.id)
                for check in recorder.checks.get(case_id, []):
                    if check.status == Status.FAILURE:
                        interaction = recorder.interactions.get(case_id)
                        run.failures.append(describe_failure(check, node.value, interaction))
            if event.status == Status.ERROR:
                run.errors.append(f"{event.phase.value} {event.label}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            run.errors.append(str(getattr(event, "info", event)))
    return run


@pytest.fixture
def operations(app: OpenAPI) -> set[str]:
    """Every operation of the served document, as schemathesis labels them."""
    document = app.test_client().get("/api/v1/openapi.json").json
    assert document is not None
    return {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }


def test_schemathesis_finds_no_server_error_and_no_mismatch_with_the_document(
    app: OpenAPI,
    world: World,
    operations: set[str],
    db_kind: str,
    record_property: Any,
) -> None:
    run = run_schemathesis(app, world.tokens["secretariat"])
    total = sum(run.cases.values())
    record_property("schemathesis_cases", total)
    print(
        f"\nschemathesis on {db_kind}: {total} cases {dict(run.per_phase)}, "
        f"links followed: {sorted(run.links_followed)}"
    )

    assert run.errors == []
    assert run.failures == []
    assert set(run.cases) == operations, "every operation is exercised"
    # The stateful phase followed links the document declares, not only ones it inferred.
    assert run.per_phase["stateful"] > 0
    assert run.links_followed
