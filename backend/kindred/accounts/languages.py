"""Moved to :mod:`kindred.common.languages` (the language of an answer needs no account module).

Kept so that code written against the first version of issue 15's branch (the PWA's page, written
at the same time) still imports; new code imports from ``kindred.common.languages``.
"""

from __future__ import annotations

from kindred.common.languages import (
    LanguageMiddleware,
    activate_member_language,
    browser_language,
    member_language,
    request_language,
)

__all__ = ["LanguageMiddleware", "activate_member_language", "browser_language", "member_language",
           "request_language"]
