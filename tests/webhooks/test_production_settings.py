"""Production never sends webhooks to loopback or over plain http, and never waits long on a receiver."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.security.test_owasp import BACKEND, production_env


def production(code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env={**production_env(), **extra},
        cwd=BACKEND, capture_output=True, text=True, timeout=60, check=False)


def test_production_refuses_to_allow_loopback_receivers():
    result = production("print('started')", WEBHOOKS_ALLOW_LOOPBACK="true")
    assert result.returncode != 0
    assert "WEBHOOKS_ALLOW_LOOPBACK is for tests only" in result.stderr


def test_production_sends_only_to_public_https_receivers_within_a_bounded_time():
    result = production("from django.conf import settings as s; import json; print(json.dumps("
                        "[s.WEBHOOKS_ALLOW_LOOPBACK, s.WEBHOOK_TIMEOUT, list(s.WEBHOOK_RETRY_DELAYS)]))")
    assert result.returncode == 0, result.stderr
    allow_loopback, timeout, delays = json.loads(result.stdout.strip().splitlines()[-1])
    assert allow_loopback is False
    assert 0 < timeout <= 30  # API10: a slow receiver cannot hold a worker
    assert delays == sorted(delays) and sum(delays) < 4 * 24 * 3600  # backoff that ends within days
