"""API9 Improper Inventory: an integrator generates a client from the committed docs/openapi.yaml
with openapi-python-client and uses it against a live server: sign in with a token, find a group,
join, RSVP, leave. A schema that codegen cannot use is a bug."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from kindred.accounts import services as accounts
from kindred.meetings.models import Occurrence
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    OccurrenceFactory,
    UserFactory,
)

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def kindred_client(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Generate the client offline into a temporary directory and import it."""
    where = tmp_path_factory.mktemp("codegen")
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(REPO / "docs" / "openapi.yaml"),
         "--meta", "none", "--output-path", str(where / "kindred_client")],
        cwd=where, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module("kindred_client")
    finally:
        sys.path.remove(str(where))
        for name in [name for name in sys.modules if name.startswith("kindred_client")]:
            del sys.modules[name]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_generated_client_signs_in_finds_joins_rsvps_and_leaves(kindred_client, live_server):
    from kindred_client.api.groups import groups_list, groups_membership_create, groups_membership_destroy
    from kindred_client.api.me import me_retrieve
    from kindred_client.api.meetings import groups_occurrences_list, occurrences_rsvp_update
    from kindred_client.models import JoinInputRequest, RsvpInputRequest, RsvpInputStatusEnum

    group = GroupFactory(name="Codegen circle", slug="codegen-circle")
    FacilitatorMembershipFactory(group=group)
    series = MeetingSeriesFactory(group=group, capacity=10)
    OccurrenceFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=4))
    person = UserFactory()
    _token, key = accounts.api_token_create(user=person, name="integration", scope="read write")

    client = kindred_client.AuthenticatedClient(base_url=live_server.url, token=key, prefix="Bearer",
                                                raise_on_unexpected_status=True)
    assert me_retrieve.sync(client=client).email == person.email
    found = groups_list.sync(client=client, q="Codegen")
    assert [item.slug for item in found.results] == ["codegen-circle"]

    joined = groups_membership_create.sync("codegen-circle", client=client, body=JoinInputRequest(agreed=True))
    assert joined.status.value == "active"
    occurrences = groups_occurrences_list.sync("codegen-circle", client=client)
    occurrence_id = occurrences.results[0].id
    assert Occurrence.objects.filter(pk=occurrence_id, group=group).exists()
    rsvp = occurrences_rsvp_update.sync(occurrence_id, client=client,
                                        body=RsvpInputRequest(status=RsvpInputStatusEnum.GOING))
    assert rsvp.status.value == "going"

    left = groups_membership_destroy.sync_detailed("codegen-circle", client=client)
    assert left.status_code == 204
    assert not person.rsvps.exists() and not person.memberships.exists()
