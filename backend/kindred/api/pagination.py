"""Pagination: numbered pages for lists, cursors for time-ordered occurrence lists."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor

MAX_PAGE_SIZE = 100
MAX_OFFSET = 2**31  # past the end of any list here; a larger OFFSET would not fit the database's integer


def page_size_parameter_schema(name: str = "page_size") -> dict[str, Any]:
    """``page_size`` as the OpenAPI document states it: the server's own bounds."""
    return {"name": name, "required": False, "in": "query",
            "description": f"How many results per page: 1 to {MAX_PAGE_SIZE} (default 20).",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}}


class StrictPageSizeMixin:
    """``page_size`` must be one whole number from 1 to 100: anything else is a 400 naming the
    parameter (DRF would silently fall back to the default, or serve the cap for a larger one), so
    the answer is what the OpenAPI document says."""

    page_size: int
    page_size_query_param: str | None
    max_page_size: int | None

    def get_page_size(self, request: Any) -> int:
        name = self.page_size_query_param or "page_size"
        values = request.query_params.getlist(name)
        if not values or values == [""]:  # empty means not given, like every optional query parameter
            return self.page_size
        cap = self.max_page_size or MAX_PAGE_SIZE
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit() or not 1 <= int(values[0]) <= cap:
            message = _("Give one whole number from 1 to %(cap)d.") % {"cap": cap}
            raise ValidationError({name: [message]}, code="invalid")
        return int(values[0])

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter.update(page_size_parameter_schema(parameter["name"]))
            elif parameter["name"] == "page":
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = "Which page, from 1 (follow `next` rather than counting)."
            elif parameter["name"] == "cursor":
                parameter["description"] = "Where to go on from: take it from `next` or `previous`, never build it."
        return parameters


def on_site(url: str | None) -> str | None:
    """The link with SITE_URL's scheme and host: never the request's Host header, which a client
    chooses (and a shared cache would then hand to everyone)."""
    if url is None:
        return None
    site, link = urlsplit(settings.SITE_URL), urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, link.path, link.query, link.fragment))


class SiteLinksMixin:
    """Page-number ``next`` and ``previous`` links built on SITE_URL."""

    def get_next_link(self) -> str | None:
        return on_site(super().get_next_link())  # type: ignore[misc]

    def get_previous_link(self) -> str | None:
        return on_site(super().get_previous_link())  # type: ignore[misc]


class SiteCursorLinksMixin:
    """Cursor links built on SITE_URL: every cursor link, ``next``, ``previous`` or resumed, is
    made by ``encode_cursor``."""

    def encode_cursor(self, cursor: Any) -> str:
        return on_site(super().encode_cursor(cursor)) or ""  # type: ignore[misc]


class IdPositionMixin:
    """For cursors over ids: the position is checked to be an id (1 to 2**63 - 1) before any query
    uses it. DRF filters on whatever text a cursor holds, so a hand-made one (base64 of ``p=garbage``)
    made the delivery log's query fail (a 500, found by the second outside probe); now it is DRF's own
    404 "Invalid cursor", like any other cursor Kindred did not make. (On the time-ordered lists a
    position that is no date-time is already refused by the query, a 400 validation problem.)"""

    def decode_cursor(self, request: Any) -> Cursor | None:
        cursor: Cursor | None = super().decode_cursor(request)  # type: ignore[misc]
        position = None if cursor is None or cursor.position is None else str(cursor.position)
        if position is not None and not (position.isascii() and position.isdigit() and 0 < int(position) < 2**63):
            raise NotFound(self.invalid_cursor_message)  # type: ignore[attr-defined]
        return cursor


class ExampleLinksMixin:
    """Documented ``next``/``previous`` examples that look like Kindred's links rather than DRF's
    ``api.example.org/accounts/`` (whose cursor example also carries a stray quote)."""

    example_next: str | None = "https://kindred.example/api/v1/groups/?page=3"
    example_previous: str | None = "https://kindred.example/api/v1/groups/?page=1"

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated: dict[str, Any] = super().get_paginated_response_schema(schema)  # type: ignore[misc]
        properties = paginated.get("properties", {})
        if "next" in properties:
            properties["next"]["example"] = self.example_next
        if "previous" in properties:
            properties["previous"]["example"] = self.example_previous
        if "count" in properties:
            properties["count"]["example"] = 42
        # Every page carries both links, null at either end: required, as a client may rely on them.
        links = [name for name in ("next", "previous") if name in properties]
        paginated["required"] = [*paginated.get("required", []), *links]
        return paginated


class PageNumberPagination(SiteLinksMixin, ExampleLinksMixin, StrictPageSizeMixin, pagination.PageNumberPagination):
    """Pages of 20 by default, ``page_size`` up to 100. A page past the end is a 404 problem."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class KeysFirstPaginator(Paginator):
    """A page in two queries: first the page's keys with the list's total (``COUNT(*) OVER ()`` over
    the whole filtered list, sorted, limited), then the page's rows by key. For a narrow search:
    its matches are read once, through their indexes, and only they are sorted, instead of counted
    in one query and found again in another by walking the ordering's index past every row that
    does not match (docs/decisions/perf-cost-per-request.md). An empty page is one query. The list's
    ``order_by`` must end in a unique column."""

    def page(self, number: Any) -> Page:
        number = self.validate_number_type(number)
        queryset: QuerySet[Any] = self.object_list  # type: ignore[assignment]  # a queryset: ordered, filterable
        offset = (number - 1) * self.per_page
        keys = page_keys(queryset, offset=offset, limit=self.per_page) if offset < MAX_OFFSET else []
        if not keys and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self.__dict__["count"] = keys[0][1] if keys else 0  # Paginator.count, a cached_property
        return Page(rows_by_key(queryset, [key for key, _total in keys]), number, self)

    def validate_number_type(self, number: Any) -> int:
        """A whole number from 1, as ``validate_number`` checks it before it compares with the count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


def page_keys(queryset: QuerySet[Any], *, offset: int, limit: int) -> list[tuple[Any, int]]:
    """The primary keys of rows ``offset`` to ``offset + limit`` of the ordered ``queryset``, each
    with the number of rows in the whole list. The filtered list is a subquery planned on its own
    (PostgreSQL's ``OFFSET 0`` fence), blind to the ordering, so it reads only the matching rows."""
    names = [field for field in queryset.query.order_by if isinstance(field, str)]
    if len(names) != len(queryset.query.order_by):
        raise TypeError("page_keys orders by field and annotation names only")
    ordering = [(name.removeprefix("-"), name.startswith("-")) for name in names]
    columns = {f"page_key_{index}": F(field) for index, (field, _descending) in enumerate(ordering)}
    sql, params = queryset.order_by().values(page_pk=F("pk"), **columns).query.sql_with_params()
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    order = ", ".join(f"page_key_{index}{' DESC' if descending else ''}"
                      for index, (_field, descending) in enumerate(ordering))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_pk, COUNT(*) OVER () FROM ({sql}{fence}) AS listed "  # noqa: S608 - ORM SQL
                       f"ORDER BY {order} LIMIT %s OFFSET %s", (*params, limit, offset))
        return cursor.fetchall()


def rows_by_key(queryset: QuerySet[Any], keys: list[Any]) -> list[Any]:
    """The rows of ``queryset`` with these primary keys, in its order, with its annotations. Its
    filters are not applied again: the keys were read through them a moment before, in the same
    request (a row changed in between is shown as it was when its key was read)."""
    if not keys:
        return []
    rows = queryset.all()
    rows.query.clear_where()
    return list(rows.filter(pk__in=keys))


class SearchPageNumberPagination(PageNumberPagination):
    """Page-number pages that read keys first (:class:`KeysFirstPaginator`) when the view says the
    list is a narrow search (``view.narrow_search``), and count then slice, as Django does, otherwise."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        self.django_paginator_class = KeysFirstPaginator if getattr(view, "narrow_search", False) else Paginator
        return super().paginate_queryset(queryset, request, view)


class StartTimeCursorPagination(SiteCursorLinksMixin, ExampleLinksMixin, StrictPageSizeMixin,
                                pagination.CursorPagination):
    """Opaque cursors over start time, stable while meetings are added or cancelled."""

    example_next = "https://kindred.example/api/v1/groups/grief-circle-leeds/occurrences/?cursor=cD0yMDI3LTAz"
    example_previous = None

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("starts_at", "id")
    resume_position: str | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """A view that listed only up to ``view.resume_after`` (it had not yet created every row
        beyond; see ``meetings.services.occurrences_extend``) gets a ``next`` link from there, even
        when this page is short or empty, so following ``next`` always reaches the end of the range."""
        page = super().paginate_queryset(queryset, request, view)
        resume = getattr(view, "resume_after", None)
        self.resume_position = None
        if resume is not None and not self.has_next and not (self.cursor and self.cursor.reverse):
            self.resume_position, self.has_next = str(resume), True
        return page

    def get_next_link(self) -> str | None:
        if self.resume_position is not None:
            # DRF positions are the ordering value as text (the stubs say int).
            return self.encode_cursor(Cursor(offset=0, reverse=False, position=self.resume_position))  # type: ignore[arg-type]
        return super().get_next_link()
