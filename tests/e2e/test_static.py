"""The PWA's files, checked without a browser: versioned references, the precache list, safe DOM
use, a strict-CSP-friendly shell, and the caching headers WhiteNoise sends."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
SW = (FRONTEND / "sw.js").read_text()
VERSION = re.search(r'const VERSION = "([^"]+)"', SW).group(1)  # type: ignore[union-attr]
MODULES = sorted(path.relative_to(FRONTEND).as_posix() for path in (FRONTEND / "js").rglob("*.js"))


def test_every_module_is_precached_by_the_service_worker() -> None:
    for module in [*MODULES, "css/app.css"]:
        assert f"/{module}${{V}}" in SW, f"{module} is missing from the service worker's SHELL list"


def test_every_reference_carries_the_current_version() -> None:
    """Modules are cached for a year, so each import must name the version the worker precaches."""
    pattern = re.compile(r'(?:from\s+|import\s*\(\s*|href=|src=)"([^"]+\.(?:js|css|png)(?:\?[^"]*)?)"')
    sources = {module: (FRONTEND / module).read_text() for module in MODULES}
    sources["index.html"] = (FRONTEND / "index.html").read_text()
    for name, text in sources.items():
        for reference in pattern.findall(text):
            assert reference.endswith(f"?v={VERSION}"), f"{name} references {reference} without ?v={VERSION}"
    for icon in json.loads((FRONTEND / "manifest.webmanifest").read_text())["icons"]:
        assert icon["src"].endswith(f"?v={VERSION}")


def test_text_from_the_api_is_never_parsed_as_html() -> None:
    for module in MODULES:
        text = (FRONTEND / module).read_text()
        for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert unsafe not in text, f"{module} uses {unsafe}"


def test_the_shell_has_no_inline_script_or_style_so_a_strict_csp_works() -> None:
    html = (FRONTEND / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handlers need 'unsafe-inline'"
    feed = 'href="/api/v1/feeds/meeting-guide.json"'
    assert f'<link rel="alternate" type="application/json" title="Meetings Feed" {feed}>' in html


def test_the_manifest_makes_the_app_installable() -> None:
    manifest = json.loads((FRONTEND / "manifest.webmanifest").read_text())
    assert {"name", "short_name", "start_url", "scope", "display", "theme_color", "background_color"} <= set(manifest)
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = (FRONTEND / icon["src"].lstrip("/").split("?")[0]).read_bytes()
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert png.startswith(b"\x89PNG") and f"{width}x{height}" == icon["sizes"]


@pytest.mark.parametrize(("url", "cache_control"), [
    ("/", "no-cache"),
    ("/sw.js", "no-cache"),
    ("/manifest.webmanifest", "no-cache"),
    (f"/js/app.js?v={VERSION}", "max-age=31536000, public"),
    (f"/css/app.css?v={VERSION}", "max-age=31536000, public"),
])
def test_entry_points_are_revalidated_and_versioned_files_cached_for_a_year(client, url: str,  # type: ignore[no-untyped-def]
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
