"""Integrators' tools: the Node ones come from package-lock.json through the Makefile (`npm ci`)."""

from __future__ import annotations

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
    result = subprocess.run(["make", "--no-print-directory", "node-tools"], cwd=REPO, capture_output=True,  # noqa: S607
                            text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return REPO / "node_modules" / ".bin"
