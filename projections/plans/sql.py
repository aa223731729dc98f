"""SQL fragments shared by the plan queries: the latest stand van zaken and the
hygiene warnings. Who may see which rows is not here: PostgreSQL row-level
security decides that for every query (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from projections import temporal

FINAL = ("afgerond", "vervallen")


def reference_date(as_of: temporal.AsOf) -> sql.Composable:
    """ "Today" for a query: the peildatum (valid time), the current date, or
    the day the as-of position was recorded."""
    peildatum = temporal.current_peildatum()
    if peildatum is not None:
        return sql.Literal(peildatum)
    if as_of is None:
        return sql.SQL("current_date")
    # recorded_at grows with notification_id (both are set under the table
    # lock), so the last row at or before the position holds the latest time:
    # a key lookup instead of a scan of the whole log.
    return sql.SQL(
        "coalesce((SELECT recorded_at::date FROM voortgang_events WHERE notification_id <= {}"
        " ORDER BY notification_id DESC LIMIT 1), current_date)"
    ).format(temporal.position(as_of))


def latest_stand(subject: sql.Composable, as_of: temporal.AsOf, alias: str = "s") -> sql.Composable:
    """A LATERAL subquery with the latest visible stand van zaken of ``subject``."""
    return sql.SQL(
        "LEFT JOIN LATERAL (SELECT x.volgnummer, x.peildatum, x.tekst, x.signaal, x.auteur, x.baseline,"
        " x.vastgelegd_op FROM stand_van_zaken_view x WHERE x.subject_id = {subject} AND {vis}"
        " ORDER BY x.volgnummer DESC LIMIT 1) {alias} ON true"
    ).format(subject=subject, vis=temporal.visible("x", as_of, "stand_van_zaken_view"), alias=sql.Identifier(alias))


def hygiene(point: str, stand: str, as_of: temporal.AsOf) -> sql.Composable:
    """The hygiene warnings of a point, as a text array (empty for finished points).

    ``%(stale_weeks)s`` must be among the parameters."""
    o, s = sql.Identifier(point), sql.Identifier(stand)
    return sql.SQL(
        "CASE WHEN {o}.status IN ('afgerond', 'vervallen') THEN ARRAY[]::text[] ELSE array_remove(ARRAY["
        "CASE WHEN {o}.zelfscan_link IS NULL THEN 'geen_zelfscan_link' END,"
        "CASE WHEN {o}.planning_gereed IS NULL THEN 'geen_planning'"
        " WHEN {o}.planning_precisie IN ('jaar', 'kwartaal') THEN 'vage_planning' END,"
        "CASE WHEN {s}.peildatum IS NULL THEN 'geen_stand_van_zaken'"
        " WHEN {s}.peildatum < {ref} - make_interval(weeks => %(stale_weeks)s) THEN 'verouderde_stand_van_zaken' END,"
        "CASE WHEN coalesce({o}.kosten_bedrag, 0) > 0 AND ({o}.dekking IS NULL OR {o}.begrotingsjaar IS NULL)"
        " THEN 'kosten_zonder_dekking' END"
        "], NULL) END"
    ).format(o=o, s=s, ref=reference_date(as_of))


@dataclass(frozen=True)
class PuntFilter:
    """Which ontwikkelpunten of a plan to read: every given part must hold
    (AND); a list matches any of its values. Values are checked by the API
    (``service/graphql/plans/filters.py``) and reach SQL only as parameters."""

    basisfunctie: list[int] | None = None
    thema: list[str] | None = None
    status: list[str] | None = None
    signaal: list[str] | None = None
    stale: bool | None = None
    tekst: str | None = None

    def params(self, prefix: str = "f_") -> dict[str, Any]:
        """The parameters of :func:`punt_filter` composed with the same ``prefix``."""
        return {
            f"{prefix}bf": self.basisfunctie,
            f"{prefix}thema": self.thema,
            f"{prefix}status": self.status,
            f"{prefix}signaal": self.signaal,
            f"{prefix}stale": self.stale,
            f"{prefix}tekst": self.tekst,
        }


TEXT_COLUMNS = ("doel", "beoogd_resultaat", "anders_leren_doen", "verbeteractie", "uitvoerder")
"""The columns the text filter searches (case-insensitive substring)."""


def punt_filter(point: str, stand: str, as_of: temporal.AsOf, prefix: str = "f_") -> sql.Composable:
    """The ``WHERE`` part of :class:`PuntFilter` over the point ``point`` and its
    latest stand ``stand``, its values the parameters ``PuntFilter.params(prefix)``;
    "stale" is the hygiene warning ``verouderde_stand_van_zaken``. Linear in the
    data: one ``strpos`` per column."""
    o, s = sql.Identifier(point), sql.Identifier(stand)
    bf, thema, status, signaal, stale, tekst = (
        sql.Placeholder(f"{prefix}{n}") for n in ("bf", "thema", "status", "signaal", "stale", "tekst")
    )
    text = sql.SQL(" OR ").join(
        sql.SQL("strpos(lower({}.{}), lower({})) > 0").format(o, sql.Identifier(c), tekst) for c in TEXT_COLUMNS
    )
    return sql.SQL(
        "({bf}::int[] IS NULL OR {o}.basisfunctie = ANY({bf}::int[]))"
        " AND ({thema}::text[] IS NULL OR {o}.thema = ANY({thema}::text[]))"
        " AND ({status}::text[] IS NULL OR {o}.status = ANY({status}::text[]))"
        " AND ({signaal}::text[] IS NULL OR {s}.signaal = ANY({signaal}::text[]))"
        " AND ({stale}::boolean IS NULL"
        " OR ('verouderde_stand_van_zaken' = ANY({hygiene})) = {stale}::boolean)"
        " AND ({tekst}::text IS NULL OR {text})"
    ).format(
        o=o, s=s, bf=bf, thema=thema, status=status, signaal=signaal, stale=stale, tekst=tekst,
        hygiene=hygiene(point, stand, as_of), text=text,
    )  # fmt: skip
