"""`make loadtest` says one thing once, and writes nothing outside var/.

It used to print every access-log line (about 4,000 a minute), then locust's table and its own
line with two different request counts, and gunicorn put a control socket in ~/.gunicorn/.
Runs the load test for a few seconds with an empty home directory of its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_loadtest_prints_one_explained_count_and_writes_only_under_var(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_", "LOAD_", "XDG_", "GUNICORN_"))}
    env.update({"HOME": str(home), "LOAD_SECONDS": "3", "LOAD_USERS": "3", "LOAD_WORKERS": "2"})
    result = subprocess.run([sys.executable, "loadtest/run.py"], cwd=REPO, env=env, capture_output=True,  # noqa: S603
                            text=True, timeout=240, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert not re.search(r'"(GET|PUT|POST|DELETE) /api/', output), "access-log lines on the terminal"
    counts = re.findall(r"\b(\d+) requests\b", output)
    summary = json.loads((REPO / "var" / "loadtest" / "summary.json").read_text())
    assert counts == [str(summary["requests"])], output[-3000:]  # one count, and it is the one recorded
    assert summary["served"] == summary["requests"] > 0  # and gunicorn answered exactly those
    assert "simulated users sent" in output  # what the count covers is said
    assert list(home.iterdir()) == [], "written to the home directory (gunicorn's control socket?)"
