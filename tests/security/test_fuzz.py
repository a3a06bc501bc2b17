"""Schemathesis fuzzing of every operation in the generated schema, through the WSGI app.

Every operation is exercised anonymously, as a member and as a facilitator (token auth), with
schema-valid and schema-invalid data, with random path values and with ones that exist. Each
case runs in a savepoint that is rolled back, so one case (archiving the group, revoking the
token) never changes what the next one sees. Checks: not_a_server_error,
response_schema_conformance, status_code_conformance, negative_data_rejection. Fixed seed
(derandomized Hypothesis); the case count is printed (run with -s to see it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from kindred.accounts import services as account_services
from kindred.groups.models import FacilitatorInvitation, Group, Membership
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, negative_data_rejection]
REPORT = Path(__file__).resolve().parents[2] / "var" / "fuzz-failures.txt"
EXAMPLES = 9  # per operation x caller x mode x path variant; together they reach every status each can return


@pytest.fixture
def world(db) -> dict[str, Any]:
    """One group with a facilitator, a member, a pending request, a series, an occurrence, an RSVP."""
    group = GroupFactory(slug="fuzz-circle", join_policy=Group.JoinPolicy.OPEN)
    facilitator = FacilitatorMembershipFactory(group=group).user
    membership = MembershipFactory(group=group)
    member = membership.user
    pending = MembershipFactory(group=GroupFactory(join_policy=Group.JoinPolicy.APPROVAL),
                                status=Membership.Status.PENDING)
    series = MeetingSeriesFactory(group=group, capacity=5)
    occurrence = OccurrenceFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=3))
    RsvpFactory(occurrence=occurrence, user=member)
    invitation = FacilitatorInvitation.objects.create(group=group, invitee=member, invited_by=facilitator)
    tokens = {}
    for name, person in (("member", member), ("facilitator", facilitator)):
        token, key = account_services.api_token_create(user=person, name="fuzz", scope="read write")
        tokens[name] = (key, token.pk)
    return {
        "headers": {"anonymous": {}, "member": {"Authorization": f"Bearer {tokens['member'][0]}"},
                    "facilitator": {"Authorization": f"Bearer {tokens['facilitator'][0]}"}},
        "known": {"slug": group.slug, "series_id": series.pk, "occurrence_id": occurrence.pk, "id": occurrence.pk,
                  "token_id": tokens["member"][1], "membership_id": membership.pk, "request_id": pending.pk,
                  "invitation_id": invitation.pk, "secret": member.calendar_secret},
    }


def generated_schema() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


@pytest.fixture
def wsgi_app():
    """The real WSGI handler, but without closing the test's connection at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_survives_fuzzing(world, wsgi_app):
    schema = schemathesis.openapi.from_dict(generated_schema())
    failures: list[str] = []
    cases = 0
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        path_names = [p.name for p in operation.path_parameters]
        known = {name: world["known"][name] for name in path_names if name in world["known"]}
        variants = [None, known] if known else [None]
        for caller, headers in world["headers"].items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for path_parameters in variants:
                    cases += run_cases(operation, wsgi_app, headers, mode, path_parameters,
                                       failures, f"{operation.label} as {caller} ({mode.value})")
    print(f"\nschemathesis: {operations} operations, {cases} cases, {len(failures)} failures")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n\n".join(failures) or "no failures")
    assert operations >= 20
    assert not failures, "\n\n".join(sorted(set(failures))[:30])


def run_cases(operation: Any, app: Any, headers: dict[str, str], mode: GenerationMode,
              path_parameters: dict[str, Any] | None, failures: list[str], label: str) -> int:
    count = 0
    try:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
    except Exception as error:  # noqa: BLE001 - e.g. no negative data can be made for this operation
        return 0 if "negative" in str(error).lower() or mode == GenerationMode.NEGATIVE else _fail(
            failures, label, error)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def one(case: Any) -> None:
        nonlocal count
        count += 1
        with transaction.atomic():
            try:
                response = case.call(app=app, headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers,
                                       transport_kwargs={"app": app, "headers": headers})
            except (Exception, FailureGroup) as error:  # noqa: BLE001 - collected, reported together below
                failures.append(f"{label}: {str(error)[:1200]}")
            finally:
                transaction.set_rollback(True)

    try:
        one()
    except Unsatisfiable:  # nothing invalid can be sent to an operation without inputs
        if mode == GenerationMode.POSITIVE:
            failures.append(f"{label}: no valid case could be generated")
    return count


def _fail(failures: list[str], label: str, error: Exception) -> int:
    failures.append(f"{label}: could not generate cases: {error}")
    return 0
