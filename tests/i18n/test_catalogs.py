"""The server's message catalogs (backend/locale/<lang>/LC_MESSAGES/django.po) are complete and current.

- es and fr: every message translated, none fuzzy, placeholders kept (a failure lists each one).
- ar: may fall back to English per message; what it lacks is listed, never a failure.
- Current: makemessages run on a copy of the code under var/ finds exactly the committed msgids, so a
  new or changed string in the code fails here until `make messages` refreshes the catalogs (and a
  translator fills them). The committed files are only read.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "backend" / "locale"
COMPLETE = ("es", "fr")
PARTIAL = ("ar",)


def catalog(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def untranslated(language: str) -> list[str]:
    found = []
    for message in catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found


def test_every_language_kindred_speaks_has_a_catalog_and_no_catalog_is_unlisted():
    spoken = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert {path.name for path in LOCALE.iterdir() if path.is_dir()} == spoken


@pytest.mark.parametrize("language", COMPLETE)
def test_spanish_and_french_translate_every_message(language):
    missing = untranslated(language)
    assert not missing, f"{language}: untranslated or fuzzy ({len(missing)}):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", (*COMPLETE, *PARTIAL))
def test_translations_keep_the_placeholders(language):
    problems = [f"{message.id!r}: {errors}" for message, errors in catalog(language).check()]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", PARTIAL)
def test_arabic_says_what_falls_back_to_english(language):
    missing = untranslated(language)
    if missing:
        warnings.warn(f"{language} falls back to English for {len(missing)} messages: {missing}", stacklevel=1)


def test_the_catalogs_hold_exactly_the_messages_in_the_code():
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    work = Path(settings.VAR_DIR) / "i18n-check"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(REPO / "backend" / "kindred", work / "kindred",
                    ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copytree(REPO / "backend" / "config", work / "config", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "locale").mkdir()
    # Run in the copy: makemessages writes next to the code it reads, so the committed files stay untouched.
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-obsolete", "--add-location", "file"],
        cwd=work, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(work), "DJANGO_SETTINGS_MODULE": "config.settings.test",
             "KINDRED_VAR_DIR": str(work / "var")})
    assert result.returncode == 0, result.stderr
    with (work / "locale" / "es" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        in_code = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)}
    for language in (*COMPLETE, *PARTIAL):
        committed = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog(language)}
        new, gone = sorted(in_code - committed), sorted(committed - in_code)
        assert not new and not gone, (f"{language}: the catalog is stale, run `make messages` and translate.\n"
                                      f"Not in the catalog: {new}\nNo longer in the code: {gone}")
