"""Clients that feel hand-written (issue 13; API9 in docs/security.md): `make clients` generates a Python
client (openapi-python-client) and TypeScript types (openapi-typescript) from the committed
docs/openapi.yaml into var/clients/. A script an integrator would write (python_journey.py, with the
pagination recipe of docs/api.md) must pass `mypy --strict` with no `Any` in its own expressions, and
then do what it says against a live server: find groups and meetings with a plain Client (page and
cursor lists), open its private calendar from the secret on /me/, join, RSVP and leave with a token.
A TypeScript journey must pass `tsc --strict`, where the document's input rules are type errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from kindred.accounts import services as accounts
from kindred.groups.models import Group
from kindred.meetings.models import Rsvp
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    OccurrenceFactory,
    UserFactory,
)

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# Each pytest-xdist worker generates its own copy, so two never write the same files.
CLIENTS = REPO / "var" / f"clients-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
MYPY_CONFIG = """[mypy]
strict = True
disallow_any_expr = True
mypy_path = .
cache_dir = .mypy_cache

# The generated package's own internals build JSON dictionaries; the rule is for what a script writes.
[mypy-kindred_client.*]
disallow_any_expr = False
"""
TSC = ["--strict", "--noEmit", "--target", "es2022", "--lib", "es2022,dom,dom.asynciterable",
       "--module", "esnext", "--moduleResolution", "bundler"]


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900, check=False,  # noqa: S603
                          env={**os.environ, **env})


@pytest.fixture(scope="module")
def clients(node_tools: Path) -> Path:
    """`make clients`, then the journeys and the recipe from docs/api.md beside what it generated."""
    result = run(["make", "--no-print-directory", "clients", f"CLIENTS_DIR={CLIENTS.relative_to(REPO)}"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    python = CLIENTS / "python"
    recipe = re.search(r"```python\n(# pagination-recipe:.*?)```", (REPO / "docs" / "api.md").read_text(), re.S)
    assert recipe is not None, "docs/api.md lost its pagination recipe"
    (python / "kindred_pages.py").write_text(recipe.group(1))
    (python / "mypy.ini").write_text(MYPY_CONFIG)
    shutil.copy(HERE / "python_journey.py", python)
    shutil.copy(HERE / "typescript_journey.ts", CLIENTS / "typescript")
    return CLIENTS


@pytest.mark.slow
def test_the_python_journey_passes_mypy_strict_without_any(clients: Path):
    result = run([str(Path(sys.executable).parent / "mypy"), "--config-file", "mypy.ini", "python_journey.py",
                  "kindred_pages.py"], clients / "python")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_typescript_journey_passes_tsc_strict(clients: Path, node_tools: Path):
    result = run([str(node_tools / "tsc"), *TSC, "typescript_journey.ts"], clients / "typescript")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_python_journey_works_against_a_live_server(clients: Path, live_server):
    group = GroupFactory(name="Codegen circle", slug="codegen-circle", join_policy=Group.JoinPolicy.OPEN,
                         topics=["grief"], accessibility=["step_free"])
    GroupFactory.create_batch(2, name="Codegen elsewhere", join_policy=Group.JoinPolicy.OPEN)
    FacilitatorMembershipFactory(group=group)
    series = MeetingSeriesFactory(group=group, capacity=10)
    soon = timezone.now() + dt.timedelta(days=4)
    for week in range(3):
        OccurrenceFactory(series=series, starts_at=soon + dt.timedelta(days=7 * week))
    person = UserFactory()
    _token, key = accounts.api_token_create(user=person, name="integration", scope="read write")

    result = run([sys.executable, "python_journey.py", live_server.url, key, group.slug, "Codegen"],
                 clients / "python", PYTHONPATH=str(clients / "python"))
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout)

    assert sorted(seen["found"]) == sorted(Group.objects.filter(name__startswith="Codegen").values_list(
        "slug", flat=True))  # three groups over two pages of two
    assert seen["meetings"] >= 3  # over two cursor pages of two
    assert seen["group"] == "Codegen circle" and seen["group_topics"] == ["grief"]
    assert seen["series_title"] == series.title and "online" in seen["formats"]
    assert seen["group_feed"] and seen["my_feed"]
    assert seen["joined"] and seen["going"] and len(seen["my_meetings"]) == 1
    assert seen["left"] == 204
    assert not person.memberships.exists() and not Rsvp.objects.filter(user=person).exists()
