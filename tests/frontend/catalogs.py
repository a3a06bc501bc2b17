"""What the PWA says, read from its source: every literal given to ``t()``, ``plural()`` and ``msg()``
in frontend/js, the words of the page's chrome (frontend/index.html and kindred/meta/shell.py), and
the catalog part each belongs to (docs/decisions/pwa-languages.md). Used by the catalog test and by
``python -m tests.frontend.catalogs`` (which lists what a language lacks, for a translator)."""

from __future__ import annotations

import ast
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
JS = FRONTEND / "js"
CATALOGS = FRONTEND / "i18n"
SHELL = ROOT / "backend" / "kindred" / "meta" / "shell.py"
LANGUAGES_TO_COMPLETE = ("es", "fr")
PARTIAL_LANGUAGES = ("ar",)

# The lazily loaded screens, each with its own part (the other modules, loaded at start, use `app`).
PARTS = {
    "screens/account.js": "account", "screens/auth.js": "auth", "screens/me.js": "me",
    "screens/meetings.js": "meetings", "components/my-groups.js": "meetings",
    "screens/host.js": "host", "components/host-tools.js": "host", "screens/concern.js": "concern",
}

STRING = r'"((?:[^"\\\n]|\\.)*)"'
SINGLE = re.compile(rf"(?<![\w.])(?:t|msg)\(\s*{STRING}")
PLURAL = re.compile(rf"(?<![\w.])plural\((?:[^\"()]|\([^()]*\))*?,\s*{STRING}\s*,\s*{STRING}")


def _unescape(literal: str) -> str:
    return json.loads(f'"{literal}"')


def js_literals(source: str) -> list[tuple[str, bool]]:
    """(key, is a plural) for each literal in one module."""
    found = [(_unescape(match[1]), False) for match in SINGLE.finditer(source)]
    found += [(_unescape(match[2]), True) for match in PLURAL.finditer(source)]
    return found


def part_of(module: Path) -> str:
    return PARTS.get(module.relative_to(JS).as_posix(), "app")


class _ChromeText(HTMLParser):
    """The words of index.html a person sees or hears (not its scripts, its comments, the brand, or
    the language switcher's names, which are each in their own language)."""

    SKIPPED = {"script", "style", "option"}

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # The footer's help is written whole by the page shell, in the page's language (site_help).
        if tag in self.SKIPPED or values.get("translate") == "no" or values.get("id") == "site-help":
            self.skipping.append(tag)
        if values.get("aria-label"):
            self.words.append(values["aria-label"] or "")
        if tag == "meta" and values.get("name") == "description":
            self.words.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skipping and re.search(r"[A-Za-z]{2}", text):
            self.words.append(text)


def page_words() -> list[str]:
    """The chrome's words the page shell translates (index.html as written)."""
    parser = _ChromeText()
    parser.feed((FRONTEND / "index.html").read_text(encoding="utf-8"))
    return parser.words


def shell_literals() -> list[tuple[str, bool]]:
    """Literals given to ``words.t()``, ``words.html()`` and ``words.plural()`` in the page shell."""
    found: list[tuple[str, bool]] = []
    for node in ast.walk(ast.parse(SHELL.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if node.func.attr in ("t", "html") and strings:
            found.append((strings[0], False))
        elif node.func.attr == "plural" and len(strings) == 2:
            found.append((strings[1], True))
    return found


def wanted() -> dict[str, dict[str, bool]]:
    """{part: {key: is a plural}} for the whole PWA."""
    parts: dict[str, dict[str, bool]] = {}
    for module in sorted(JS.rglob("*.js")):
        source = module.read_text(encoding="utf-8")
        if module.name != "i18n.js" and "kindred/i18n.js" not in source:
            continue  # says nothing through the catalog (a t() or plural() there is some other function)
        for key, is_plural in js_literals(source):
            parts.setdefault(part_of(module), {})[key] = is_plural
    app = parts.setdefault("app", {})
    for key, is_plural in shell_literals():
        app[key] = is_plural
    for key in page_words():
        app.setdefault(key, False)
    return parts


def catalog(language: str, part: str) -> dict[str, object]:
    path = CATALOGS / language / f"{part}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def missing(language: str) -> dict[str, list[str]]:
    """{part: [keys]} the language lacks (a key of a screen's part may live in `app`)."""
    app = catalog(language, "app")
    gaps: dict[str, list[str]] = {}
    for part, keys in wanted().items():
        own = catalog(language, part)
        lacking = [key for key in keys if not _translated(own.get(key, app.get(key) if part != "app" else None))]
        if lacking:
            gaps[part] = sorted(lacking)
    return gaps


def _translated(entry: object) -> bool:
    if isinstance(entry, dict):
        return bool(entry.get("other"))
    return isinstance(entry, str) and bool(entry)


if __name__ == "__main__":
    for language in sys.argv[1:] or [*LANGUAGES_TO_COMPLETE, *PARTIAL_LANGUAGES]:
        print(json.dumps({language: missing(language)}, ensure_ascii=False, indent=2))
