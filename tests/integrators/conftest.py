"""Integrators' tools: the Node ones come from package-lock.json through the Makefile (`npm ci`)."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """node_modules/.bin, installed by `make node-tools` when it is missing or stale (needs Node)."""
    if shutil.which("npm") is None:
        pytest.skip("Node and npm are not installed: the Spectral, Redocly and TypeScript checks need them")
    lock = REPO / "var" / "node-tools.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # pytest-xdist workers: one `npm ci` at a time
        result = subprocess.run(["make", "--no-print-directory", "node-tools"], cwd=REPO,  # noqa: S607
                                capture_output=True, text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return REPO / "node_modules" / ".bin"
