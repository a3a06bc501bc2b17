"""JSON lists on PostgreSQL and SQLite: filtering list columns (topics, languages, accessibility) and
reading a subquery's rows as one list."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, JSONField, Q, Subquery, TextField
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


class ListOf(Subquery):
    """The one column of a correlated queryset, named ``item``, as a list in the queryset's order, read
    in the outer SELECT (no query of its own): ``to_jsonb(ARRAY(...))`` on PostgreSQL, ``json_group_array``
    over the ordered rows on SQLite. An empty list when no row matches."""

    template = '(SELECT json_group_array(listed."item") FROM (%(subquery)s) listed)'
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, template="to_jsonb(ARRAY(%(subquery)s))",  # type: ignore[call-arg]
                              **extra_context)
