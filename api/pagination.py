from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Newest first by id: a unique order, so each page is one index range scan (no
    OFFSET, no COUNT), stable while rows are added. ``next`` and ``previous`` are links."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
