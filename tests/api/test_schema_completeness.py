"""The published OpenAPI document is complete for integrators (SPEC.md section 2): every operation
has a summary, a tag, examples of what to send and what comes back, and its error responses."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "put", "post", "patch", "delete")
PROBLEM_TYPES = {"application/problem+json", "text/html"}
# Takes no input, no credentials and is never throttled, so it can only fail with a 503.
NO_CLIENT_ERRORS = {"GET /healthz"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", operation) for path, item in schema["paths"].items()
            for method, operation in item.items() if method in METHODS]


def _has_example(content: dict[str, Any]) -> bool:
    return any(media.get("examples") or "example" in media for media in content.values())


def test_the_schema_has_operations(schema):
    assert len(_operations(schema)) > 50


def test_every_operation_has_a_summary_and_a_tag(schema):
    missing = [name for name, operation in _operations(schema)
               if not operation.get("summary", "").strip() or not operation.get("tags")]
    assert missing == []


def test_every_request_body_has_an_example(schema):
    missing = [name for name, operation in _operations(schema)
               if "requestBody" in operation and not _has_example(operation["requestBody"]["content"])]
    assert missing == []


def test_every_success_response_with_a_body_has_an_example(schema):
    missing = []
    for name, operation in _operations(schema):
        successes = {status: response for status, response in operation["responses"].items()
                     if status.startswith("2")}
        assert successes, f"{name} documents no success response"
        missing += [f"{name} {status}" for status, response in successes.items()
                    if response.get("content") and not _has_example(response["content"])]
    assert missing == []


def test_every_operation_documents_its_errors_as_problem_json(schema):
    """At least one 4xx, and every error response says problem+json and shows an example."""
    no_errors, not_problem = [], []
    for name, operation in _operations(schema):
        errors = {status: response for status, response in operation["responses"].items()
                  if status[0] in "45"}
        if not any(status.startswith("4") for status in errors) and name not in NO_CLIENT_ERRORS:
            no_errors.append(name)
        for status, response in errors.items():
            content = response.get("content", {})
            problem = content.get("application/problem+json")
            # text/html: the unsubscribe link's small page, shown to browsers instead
            if not problem or not _has_example({"problem": problem}) or set(content) - PROBLEM_TYPES:
                not_problem.append(f"{name} {status}")
    assert no_errors == []
    assert not_problem == []


def test_writes_document_validation_errors_and_reads_of_one_object_document_404(schema):
    missing = []
    for name, operation in _operations(schema):
        method, path = name.split(" ", 1)
        if "requestBody" in operation and "400" not in operation["responses"]:
            missing.append(f"{name} 400")
        if "{" in path and "404" not in operation["responses"]:
            missing.append(f"{name} 404")
    assert missing == []


def test_generic_errors_match_the_method(schema):
    """Body errors (413, 415) belong to operations that take a body, not to plain reads."""
    wrong = [f"{name} {status}" for name, operation in _operations(schema)
             for status in ("413", "415")
             if status in operation["responses"] and "requestBody" not in operation]
    assert wrong == []
