"""The PWA's files, checked without a browser: one asset version, written once (index.html); the
import map naming every module; no import cycles and no screen importing app.js; no hard-coded
copy of the server's vocabulary; safe DOM use; a strict-CSP-friendly shell; the caching headers
WhiteNoise sends."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
INDEX = (FRONTEND / "index.html").read_text()
MODULES = sorted(path.relative_to(FRONTEND / "js").as_posix() for path in (FRONTEND / "js").rglob("*.js"))
SOURCES = {module: (FRONTEND / "js" / module).read_text() for module in MODULES}
IMPORT_MAP_BODY = re.search(r'<script type="importmap">(.*?)</script>', INDEX, re.DOTALL).group(1)  # type: ignore[union-attr]
IMPORT_MAP = json.loads(IMPORT_MAP_BODY)["imports"]
VERSION = re.search(r'<script type="module" src="/js/app\.js\?v=([\w.-]+)">', INDEX).group(1)  # type: ignore[union-attr]
ENTRY = "app.js"
# Every module specifier: static imports and re-exports, and dynamic import("...").
IMPORT = re.compile(r'(?:^|[;\s])(?:import|export)\b[^"\'`;]*?\bfrom\s*["\']([^"\']+)["\']'
                    r'|\bimport\s*\(\s*["\']([^"\']+)["\']|^\s*import\s*["\']([^"\']+)["\']', re.MULTILINE)


def imports_of(module: str) -> list[str]:
    return [next(filter(None, groups)) for groups in IMPORT.findall(SOURCES[module])]


def test_the_version_is_written_in_index_html_only_and_is_the_same_everywhere_there() -> None:
    texts = {path.relative_to(FRONTEND).as_posix(): path.read_text() for path in FRONTEND.rglob("*")
             if path.suffix in {".js", ".css", ".html", ".webmanifest", ".json", ".txt"}}
    holding = sorted(name for name, text in texts.items() if re.search(r"[?&]v=[\w.-]+", text))
    assert holding == ["index.html"], f"only index.html may carry the asset version, not {holding}"
    assert set(re.findall(r"[?&]v=([\w.-]+)", INDEX)) == {VERSION}
    # The worker's version is the one app.js registers it with (app.js's own, from the import map).
    assert 'const VERSION = new URL(self.location.href).searchParams.get("v")' in (FRONTEND / "sw.js").read_text()
    assert "new URL(import.meta.url).searchParams.get(\"v\")" in SOURCES[ENTRY]


def test_every_style_sheet_and_module_address_carries_the_version() -> None:
    """Files under /css/ and /js/ are cached for a year: a reference without the version would keep
    an old copy after a release."""
    references = re.findall(r'"(/(?:js|css)/[^"]*)"', INDEX)
    assert references, "index.html references no style sheet or module"
    for reference in references:
        assert reference.endswith(f"?v={VERSION}"), f"index.html references {reference} without ?v={VERSION}"


def test_the_import_map_names_every_module_but_the_entry_point() -> None:
    assert IMPORT_MAP == {f"kindred/{module}": f"/js/{module}?v={VERSION}" for module in MODULES if module != ENTRY}
    assert f'<script type="module" src="/js/{ENTRY}?v={VERSION}"></script>' in INDEX


def test_modules_import_each_other_by_name_through_the_import_map() -> None:
    for module in MODULES:
        for specifier in imports_of(module):
            assert specifier in IMPORT_MAP, f"{module} imports {specifier!r}, which the import map does not name"


def test_no_module_imports_app_js_and_imports_have_no_cycle() -> None:
    graph = {module: [specifier.removeprefix("kindred/") for specifier in imports_of(module)] for module in MODULES}
    assert not [module for module, targets in graph.items() if ENTRY in targets]
    assert not [module for module, targets in graph.items() if module.startswith("screens/")
                and any(target.startswith("screens/") for target in targets)], "screens share code through components/"
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import cycle: {' -> '.join((*path, module))}"
        if module not in done:
            for target in graph[module]:
                visit(target, (*path, module))
            done.add(module)

    for module in MODULES:
        visit(module, ())
    assert imports_of(ENTRY), "app.js wires the screens"


STATIC_IMPORT = re.compile(r'(?:^|[;\s])(?:import|export)\b[^"\'`;()]*?\bfrom\s*["\']([^"\']+)["\']'
                           r'|^\s*import\s*["\']([^"\']+)["\']', re.MULTILINE)


def static_graph(module: str, seen: set[str] | None = None) -> set[str]:
    """Every module loaded with ``module`` (its static imports, transitively; not ``import()``)."""
    seen = set() if seen is None else seen
    for groups in STATIC_IMPORT.findall(SOURCES[module]):
        target = next(filter(None, groups)).removeprefix("kindred/")
        if target not in seen:
            seen.add(target)
            static_graph(target, seen)
    return seen


def test_every_module_the_first_screen_needs_is_preloaded_and_host_is_not() -> None:
    """The modules app.js loads are fetched at once instead of one level of imports after another;
    Host, which only facilitators open, is loaded when opened (issue 12), so no visitor downloads it."""
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', INDEX)
    assert sorted(preloaded) == sorted(IMPORT_MAP[f"kindred/{module}"] for module in static_graph(ENTRY))
    assert "screens/host.js" not in static_graph(ENTRY)
    assert 'import("kindred/screens/host.js")' in SOURCES[ENTRY]
    assert INDEX.index('type="importmap"') < INDEX.index('rel="modulepreload"') < INDEX.index('type="module"')


def test_the_vocabulary_is_not_copied_into_the_app(client) -> None:  # type: ignore[no-untyped-def]
    """Formats, facets, weekdays, ... come from GET /api/v1/meta/ (js/vocabulary.js); none of their
    words may be written into a module, where they would drift from the server's."""
    meta = client.get("/api/v1/meta/").json()
    # Every labelled list (the crisis lines are data with names, not labels: the page shell shows them).
    words = {entry["label"] for name, entries in meta.items() if name != "topics"
             for entry in entries if "label" in entry}
    words |= {f"{entry['label']} ({entry['hint']})" for entry in meta["times_of_day"]}
    words |= set(meta["topics"]) - {"grief"}  # "grief" is an example in the search hint
    for module, text in SOURCES.items():
        copied = sorted(word for word in words if f'"{word}"' in text)
        assert not copied, f"{module} has its own copy of {copied}"


def test_text_from_the_api_is_never_parsed_as_html() -> None:
    for module, text in SOURCES.items():
        for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert unsafe not in text, f"{module} uses {unsafe}"


def test_the_shell_has_no_inline_script_or_style_so_a_strict_csp_works() -> None:
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", INDEX)
    assert inline == ['<script type="importmap">'], "the import map is the only inline script (allowed by its hash)"
    assert "<style" not in INDEX and " style=" not in INDEX
    assert not re.search(r"<[^>]+\son[a-z]+=", INDEX), "inline event handlers need 'unsafe-inline'"
    feed = 'href="/api/v1/feeds/meeting-guide.json"'
    assert f'<link rel="alternate" type="application/json" title="Meetings Feed" {feed}>' in INDEX


def test_the_import_map_is_allowed_by_its_hash_and_nothing_else_inline(client, db) -> None:  # type: ignore[no-untyped-def]
    digest = base64.b64encode(hashlib.sha256(IMPORT_MAP_BODY.encode()).digest()).decode()
    policy = {part.split()[0]: part.split()[1:] for part in client.get("/")["Content-Security-Policy"].split(";")
              if part.strip()}
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]


def test_the_manifest_makes_the_app_installable() -> None:
    manifest = json.loads((FRONTEND / "manifest.webmanifest").read_text())
    assert {"name", "short_name", "start_url", "scope", "display", "theme_color", "background_color"} <= set(manifest)
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = (FRONTEND / icon["src"].lstrip("/")).read_bytes()
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert png.startswith(b"\x89PNG") and f"{width}x{height}" == icon["sizes"]


@pytest.mark.parametrize(("url", "cache_control"), [
    ("/", "no-cache"),
    ("/sw.js", "no-cache"),
    ("/manifest.webmanifest", "no-cache"),
    (f"/js/app.js?v={VERSION}", "max-age=31536000, public"),
    (f"/css/app.css?v={VERSION}", "max-age=31536000, public"),
])
def test_entry_points_are_revalidated_and_versioned_files_cached_for_a_year(client, db, url: str,  # type: ignore[no-untyped-def]
                                                                          cache_control: str) -> None:
    from django.conf import settings

    if settings.WHITENOISE_MAX_AGE == 0:
        pytest.skip("DEBUG turns long-lived caching off")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == cache_control


def test_the_manifest_is_served_as_a_web_app_manifest(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
