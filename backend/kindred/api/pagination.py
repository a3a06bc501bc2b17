"""Pagination: numbered pages for lists, cursors for time-ordered occurrence lists."""

from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 20 by default, ``page_size`` up to 100. A page past the end is a 404 problem."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class StartTimeCursorPagination(pagination.CursorPagination):
    """Opaque cursors over start time, stable while meetings are added or cancelled."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("starts_at", "id")
