"""Filtering JSON list columns (topics, languages, accessibility) on PostgreSQL and SQLite."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Contains


def json_list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list ``field`` has ``value`` as an element.

    PostgreSQL uses jsonb containment (GIN-indexable). SQLite has no containment lookup, so it
    matches the quoted element in the stored JSON text; values are validated tokens
    (letters, digits, hyphens), so a quoted match is an exact element match.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    # SQLite's JSONField has no ``contains`` lookup: match the quoted element in the JSON text.
    return Q(Contains(Cast(F(field), TextField()), f'"{value}"'))
