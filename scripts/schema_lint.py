"""Lint docs/openapi.yaml as integrators' tools read it (`make schema-lint`; CI runs it).

- Spectral, `spectral:oas` (.spectral.yaml): no error; every warning's rule is listed, with its
  reason, in docs/api.md under "The schema's lint findings".
- Redocly, recommended rules (redocly.yaml): no error; its warnings are listed there too.
- Spectral, the OWASP API Security ruleset (.spectral-owasp.yaml): every rule that reports a finding
  is answered (fixed or explained) in docs/security.md under "OWASP ruleset findings".

The Node tools come from package-lock.json (`npm ci`, done by the Makefile). Reports go to var/schema-lint/.
Exit status 0 when the gate passes; otherwise each problem is printed.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = "docs/openapi.yaml"
BIN = ROOT / "node_modules" / ".bin"
OUT = ROOT / "var" / "schema-lint"
SEVERITY = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def section(markdown: Path, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    text = markdown.read_text(encoding="utf-8")
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, flags=re.MULTILINE)
    if match is None:
        raise SystemExit(f"{markdown.relative_to(ROOT)} has no heading {heading!r}")
    level = len(match.group(1))
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def listed_rules(text: str) -> set[str]:
    return set(re.findall(r"`([a-z0-9:-]+)`", text))


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603


def spectral(ruleset: str, report: str) -> list[dict[str, object]]:
    path = OUT / report
    result = run([str(BIN / "spectral"), "lint", "--ruleset", ruleset, "--format", "json", "--output", str(path),
                  "--fail-severity", "hint", "--quiet", SCHEMA])
    if not path.exists():
        raise SystemExit(f"spectral failed to run ({ruleset}):\n{result.stdout}{result.stderr}")
    findings: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8") or "[]")
    return findings


def redocly() -> tuple[int, list[dict[str, object]]]:
    path = OUT / "redocly.json"
    result = run([str(BIN / "redocly"), "lint", "--format", "json", SCHEMA])
    path.write_text(result.stdout, encoding="utf-8")
    try:
        problems: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    except (json.JSONDecodeError, KeyError):
        raise SystemExit(f"redocly failed to run:\n{result.stdout}{result.stderr}") from None
    return result.returncode, problems


def summary(counts: collections.Counter[tuple[str, str]]) -> str:
    lines = [f"  {count:4} {severity:7} {rule}" for (rule, severity), count in sorted(counts.items())]
    return "\n".join(lines) or "  none"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    api_md, security_md = ROOT / "docs" / "api.md", ROOT / "docs" / "security.md"
    explained = listed_rules(section(api_md, "The schema's lint findings"))
    answered = listed_rules(section(security_md, "OWASP ruleset findings"))

    oas = collections.Counter((str(f["code"]), SEVERITY[int(f["severity"])]) for f in spectral(".spectral.yaml",
                                                                                             "spectral-oas.json"))
    print(f"Spectral spectral:oas on {SCHEMA}:\n{summary(oas)}")
    failures += [f"spectral:oas error {rule} ({count}x)" for (rule, severity), count in oas.items()
                 if severity == "error"]
    failures += [f"spectral:oas warning {rule} is not listed in docs/api.md" for (rule, severity) in oas
                 if severity != "error" and rule not in explained]

    status, problems = redocly()
    redocly_counts = collections.Counter((str(p["ruleId"]), str(p["severity"])) for p in problems)
    print(f"Redocly recommended on {SCHEMA}:\n{summary(redocly_counts)}")
    failures += [f"redocly error {rule} ({count}x)" for (rule, severity), count in redocly_counts.items()
                 if severity == "error"]
    failures += [f"redocly warning {rule} is not listed in docs/api.md" for (rule, severity) in redocly_counts
                 if severity != "error" and rule not in explained]
    if status != 0 and not any(severity == "error" for _rule, severity in redocly_counts):
        failures.append(f"redocly exited with {status}")

    owasp = collections.Counter((str(f["code"]), SEVERITY[int(f["severity"])])
                                for f in spectral(".spectral-owasp.yaml", "spectral-owasp.json"))
    print(f"Spectral OWASP API Security ruleset on {SCHEMA}:\n{summary(owasp)}")
    failures += [f"OWASP {rule} is neither fixed nor answered in docs/security.md" for (rule, _severity) in owasp
                 if rule not in answered]

    if failures:
        print("\nschema-lint FAILED:\n" + "\n".join(f"- {failure}" for failure in sorted(set(failures))))
        return 1
    print(f"\nschema-lint passed (reports in {OUT.relative_to(ROOT)}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
