"""The verification snippet in docs/api.md works on a real delivery, and refuses a forged one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.webhooks.conftest import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback")]

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def snippet() -> Any:
    blocks = re.findall(r"```python\n(# verify-webhook:.*?)```", API_DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1, "docs/api.md should hold one block marked # verify-webhook"
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], str(API_DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify_kindred_webhook"]


def test_the_documented_verification_accepts_kindred_and_refuses_forgeries(group, facilitator_client, receiver):
    verify = snippet()
    created = register(facilitator_client, group.slug, receiver.url()).json()
    assert facilitator_client.post(f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/ping/").status_code == 202
    [request] = receiver.received
    headers = {name.title(): value for name, value in request.headers.items()}  # any letter case
    assert verify(request.body, headers, created["secret"])["type"] == "webhook.ping"
    with pytest.raises(ValueError, match="bad signature"):
        verify(request.body.replace(b"ping", b"pong"), headers, created["secret"])
    with pytest.raises(ValueError, match="bad signature"):
        verify(request.body, headers, "whsec_" + "A" * 43 + "=")
    with pytest.raises(ValueError, match="too old"):
        verify(request.body, {**headers, "Webhook-Timestamp": "1700000000"}, created["secret"])
