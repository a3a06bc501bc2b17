"""Schemathesis, as `schemathesis run --checks all` runs it, against the WSGI app.

The whole engine runs in process: the examples, coverage, fuzzing and stateful phases (the stateful
one follows the schema's OpenAPI links: create a group, then read, change and leave it; create a
series, then its occurrences...), with every check Schemathesis has, three times: anonymously, as a
member and as a facilitator (token auth). Requests are real: each one commits (the stateful phase
needs the group it created to be there on the next step), so the test uses a transactional database
and rebuilds its small world for each caller. Hypothesis is derandomized and the seed fixed; the
case count is printed (run with -s to see it), and failures, each with its request and answer, are
written to var/fuzz/<database>-<caller>.txt. Exceptions to a check are narrow, each with its reason,
in schemathesis.toml (which the CLI reads too) and docs/security.md ("Fuzzing").
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection, connections
from django.utils import timezone
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.transport.wsgi import WSGITransport

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

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "var" / "fuzz"
SETTINGS = REPO / "schemathesis.toml"
SEED = 20261202
EXAMPLES = 6  # per operation and phase; with coverage's own cases every status each can return is reached

CALLERS = ("anonymous", "member", "facilitator")
# The checks that judge every answer (use_after_free, ensure_resource_availability and
# missing_required_header act only where a sequence or a header gives them something to judge).
EVERY_RESPONSE_CHECK = {"not_a_server_error", "status_code_conformance", "content_type_conformance",
                        "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
                        "positive_data_acceptance", "unsupported_method", "ignored_auth"}


def world() -> dict[str, dict[str, str]]:
    """One group with a facilitator, a member, a pending request, a series, an occurrence, an RSVP."""
    group = GroupFactory(slug="grief-circle-hackney", join_policy=Group.JoinPolicy.OPEN)
    facilitator = FacilitatorMembershipFactory(group=group).user
    membership = MembershipFactory(group=group)
    member = membership.user
    MembershipFactory(group=GroupFactory(join_policy=Group.JoinPolicy.APPROVAL), status=Membership.Status.PENDING)
    series = MeetingSeriesFactory(group=group, capacity=5)
    occurrence = OccurrenceFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=3))
    RsvpFactory(occurrence=occurrence, user=member)
    FacilitatorInvitation.objects.create(group=group, invitee=member, invited_by=facilitator)
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for name, person in (("member", member), ("facilitator", facilitator)):
        _token, key = account_services.api_token_create(user=person, name="fuzz", scope="read write")
        headers[name] = {"Authorization": f"Bearer {key}"}
    return headers


def config_for(headers: dict[str, str]) -> SchemathesisConfig:
    """The repository's schemathesis.toml (its narrow exceptions, each with its reason, as the CLI
    reads them) plus this run's seed, caller and budgets."""
    settings = tomllib.loads(SETTINGS.read_text(encoding="utf-8"))
    assert settings["cache"] == {"enabled": False}  # a cache would replay earlier runs' failures
    return SchemathesisConfig.from_dict({
        **settings,
        "seed": SEED,
        "headers": headers,
        "workers": 1,  # one worker: the stateful phase and the checks see the world in one order
        "generation": {"deterministic": True, "max-examples": EXAMPLES, "database": "none"},
        "phases": {"stateful": {"max-steps": 6}},
        "checks": {"enabled": True},
    })


def describe(event: Any, case_id: str, check: Any) -> str:
    """One failure: the phase, the operation, the check, a curl line and what the server answered."""
    failure = check.failure_info.failure
    interaction = event.recorder.interactions.get(case_id)
    answer = ""
    if interaction is not None and interaction.response is not None:
        answer = f"{interaction.response.status_code} {(interaction.response.content or b'')[:400]!r}"
    return (f"[{event.phase.value}] {event.recorder.label} {check.name}: {failure.title}\n    {failure.message}\n"
            f"    {check.failure_info.code_sample}\n    => {answer}")


@pytest.fixture
def wsgi_app(monkeypatch):
    """The real WSGI handler; each request keeps its thread's connection (closed at the end)."""
    # Schemathesis 4.32's WSGI transport drops socket-only settings from a call that carries a
    # network session, but not from the probes `ignored_auth` sends (they carry none), so werkzeug
    # is handed `max_redirects` and every probe errors: drop them here as it does itself.
    send = WSGITransport.send

    def send_in_process(self: Any, case: Any, *, session: Any = None, **kwargs: Any) -> Any:
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", send_in_process)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("caller", CALLERS)
def test_schemathesis_checks_all_with_the_stateful_phase(caller, wsgi_app, settings):
    # A budget, not a blind spot: each request still materialises and extends occurrences, but 30 at
    # a time rather than 1,000, or the coverage phase's hundreds of daily series take ten minutes.
    settings.MAX_OCCURRENCES_CREATED_PER_REQUEST = 30
    headers = world()[caller]
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app, config=config_for(headers))
    started = time.monotonic()
    failures: list[str] = []
    cases: Counter[str] = Counter()
    checks_run: set[str] = set()
    errors: list[str] = []
    phase_seconds: dict[str, int] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            phase_seconds[event.phase.name.value] = -int(time.monotonic())
        elif isinstance(event, events.PhaseFinished):
            phase_seconds[event.phase.name.value] += int(time.monotonic())
        if isinstance(event, events.ScenarioFinished):
            cases[event.phase.value] += len(event.recorder.cases)
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    checks_run.add(check.name)
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failures.append(describe(event, case_id, check))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(f"{getattr(event, 'label', '')}: {getattr(event, 'info', event)}")
    connections.close_all()
    elapsed = time.monotonic() - started
    summary = (f"schemathesis ({connection.vendor}) as {caller}: {sum(cases.values())} cases ({dict(cases)}), "
               f"{len(failures)} failures, {len(errors)} errors, {elapsed:.0f} s {phase_seconds}, "
               f"checks run: {sorted(checks_run)}")
    print("\n" + summary)
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / f"{connection.vendor}-{caller}.txt").write_text("\n\n".join([summary, *errors, *failures]))
    assert {"examples", "coverage", "fuzzing", "stateful"} <= set(cases), "a phase did not run"
    assert EVERY_RESPONSE_CHECK <= checks_run, f"checks that never ran: {EVERY_RESPONSE_CHECK - checks_run}"
    assert not errors, "\n".join(errors[:10])
    assert not failures, "\n\n".join(failures[:30])
