"""Relay connections (``Connection[T]``, ``Edge[T]``, ``PageInfo``) over pages
that query functions fetch with keyset pagination in SQL (``projections/paging.py``,
re-exported here).

In a query function (``projections/<view>.py``)::

    ks = keyset(["code"], page, alias="g")      # or ["datum", "id"], descending=True
    query = sql.SQL("SELECT ... FROM gemeente_view g WHERE {vis} AND {after} ORDER BY {order} LIMIT {limit}")
    ...format(vis=temporal.visible("g", as_of), after=ks.where, order=ks.order_by, limit=ks.limit)
    await cur.execute(query, {**ks.params, ...})
    return Page.of(await cur.fetchall(), page, key=lambda r: (r.code,))

and in the resolver::

    page = paging(info, first, after, last, before)   # typed refusal before any SQL
    return connection(rows_page, to_node=lambda r: Gemeente(code=r.code, naam=r.naam))

(or, simplest, ``fetch_page(conn, build, page, keys, Row, key, params)`` with
``build(ks)`` returning the query with ``ks.where``/``ks.order_by``/``ks.limit``
in place: it also runs the count when ``totalCount`` is selected).

Every connection takes ``first``/``after`` and ``last``/``before`` (not mixed)
and answers ``totalCount`` with one ``count(*)`` of the same statement without
its keyset, run only when the field is selected. The cursor is opaque
(base64url of the sort key), stable across inserts, and only valid for the
same sort. A page is capped at ``MAX_PAGE_SIZE``; one row more than asked is
fetched to know whether more follow. Never load everything and slice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from projections.paging import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Keyset,
    Page,
    PageRequest,
    PageRequestRefused,
    count_query,
    decode_cursor,
    encode_cursor,
    fetch_page,
    keyset,
    page_request,
)

T = TypeVar("T")
R = TypeVar("R")

FIRST = f"Hoeveel items (standaard {DEFAULT_PAGE_SIZE}, hoogstens {MAX_PAGE_SIZE})."
AFTER = "Begin na deze cursor (de `endCursor` van de vorige pagina)."
LAST = f"Terug bladeren: hoeveel items vóór `before` (standaard {DEFAULT_PAGE_SIZE}, hoogstens {MAX_PAGE_SIZE})."
BEFORE = "Eindig vóór deze cursor (de `startCursor` van de volgende pagina); met `last`."

First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]
Last = Annotated[int | None, strawberry.argument(description=LAST)]
Before = Annotated[str | None, strawberry.argument(description=BEFORE)]


def _selects(selections: Iterable[SelectedField | FragmentSpread | InlineFragment], name: str) -> bool:
    for s in selections:
        if isinstance(s, SelectedField) and s.name == name:
            return True
        if isinstance(s, FragmentSpread | InlineFragment) and _selects(s.selections, name):
            return True
    return False


def wants_total(info: Info[Any, Any]) -> bool:
    """Whether the connection being resolved has ``totalCount`` selected."""
    return any(_selects(f.selections, "totalCount") for f in info.selected_fields)


def paging(
    info: Info[Any, Any],
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    default: int = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    """The page a connection field asks for (typed refusals before any SQL),
    counting the whole list only when ``totalCount`` is selected."""
    return page_request(first, after, default, last=last, before=before, count=wants_total(info))


@strawberry.type(description="Waar deze pagina staat in de hele lijst (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Er zijn items na deze pagina.")
    has_previous_page: bool = strawberry.field(description="Er zijn items vóór deze pagina.")
    start_cursor: str | None = strawberry.field(description="Cursor van het eerste item op deze pagina.")
    end_cursor: str | None = strawberry.field(description="Cursor van het laatste item; geef door als `after`.")


@strawberry.type(description="Eén item van een lijst met zijn cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opake cursor van dit item.")
    node: T = strawberry.field(description="Het item.")


@strawberry.type(description="Een pagina uit een lijst (Relay-connection), in de database gepagineerd.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="De items van deze pagina met hun cursors.")
    page_info: PageInfo = strawberry.field(description="Paginering: is er meer, en waar verder te lezen.")
    total_count: int | None = strawberry.field(
        default=None, description="Het totale aantal items van de hele lijst (met dezelfde filters), in SQL geteld."
    )

    @strawberry.field(description="De items van deze pagina zonder cursors (gemak).")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def connection(page: Page[R], to_node: Callable[[R], T]) -> Connection[T]:
    """The GraphQL connection of a page, each row turned into its node."""
    edges = [Edge(cursor=c, node=to_node(r)) for c, r in zip(page.cursors, page.rows, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total)


__all__ = [
    "AFTER",
    "BEFORE",
    "DEFAULT_PAGE_SIZE",
    "FIRST",
    "LAST",
    "MAX_PAGE_SIZE",
    "After",
    "Before",
    "Connection",
    "Edge",
    "First",
    "Keyset",
    "Last",
    "Page",
    "PageInfo",
    "PageRequest",
    "PageRequestRefused",
    "connection",
    "count_query",
    "decode_cursor",
    "encode_cursor",
    "fetch_page",
    "keyset",
    "page_request",
    "paging",
    "wants_total",
]
