"""Progress over time: chart-ready series per month or quarter.

Each point of a series is the area views read **as of the end of the period**
(the last log position recorded before the next period starts), through
:func:`projections.temporal.visible`, so a series shows what was known at
each period end and never rewrites the past. Per period:

* ontwikkelpunten per status, and per progress signal of their latest stand
  van zaken (``geen`` when a point has none);
* freshness: points whose latest stand van zaken is older than ``stale_days``
  at the period end, and the average age in days;
* milestones (regional ones for the programme/a project, local instances for
  a gemeente): reached, slipped (forecast after baseline), on schedule.

Filters: gemeente, basisfunctie (points), project (milestones).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from psycopg import AsyncConnection, sql

from projections import temporal

Interval = Literal["maand", "kwartaal"]
MAX_PERIODS = 60


@dataclass(frozen=True)
class SeriesFilter:
    gemeente: str | None = None
    basisfunctie: int | None = None
    project: str | None = None


@dataclass
class PeriodPoint:
    periode: str
    einde: dt.date
    positie: int
    per_status: dict[str, int] = field(default_factory=dict)
    per_signaal: dict[str, int] = field(default_factory=dict)
    verouderd: int = 0
    gemiddelde_leeftijd_dagen: float | None = None
    mijlpalen: dict[str, int] = field(default_factory=dict)


def period_ends(van: dt.date, tot: dt.date, interval: Interval) -> list[tuple[str, dt.date]]:
    """(label, last day) of every month or quarter from ``van`` through ``tot``."""
    step = 1 if interval == "maand" else 3
    month = van.month if step == 1 else 3 * ((van.month - 1) // 3) + 1
    year = van.year
    out: list[tuple[str, dt.date]] = []
    while dt.date(year, month, 1) <= tot and len(out) < MAX_PERIODS:
        last_month = month + step - 1
        end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        label = f"{year}-{month:02d}" if step == 1 else f"{year}-Q{(month - 1) // 3 + 1}"
        out.append((label, end))
        if end == dt.date.max:  # the calendar ends here (9999-12-31): no next period to start
            break
        year, month = (year + 1, 1) if last_month == 12 else (year, last_month + 1)
    return out


async def position_through(conn: AsyncConnection[Any], last_day: dt.date) -> int:
    """The position at the end of ``last_day`` (UTC): every event recorded on it or before
    (:data:`temporal.POSITION_AT` at the day's last microsecond, which 9999-12-31 also has)."""
    end_of_day = dt.datetime.combine(last_day, dt.time.max, dt.UTC)
    cur = await conn.execute(temporal.POSITION_AT, (end_of_day,))
    row = await cur.fetchone()
    return int(row[0]) if row else 0


POINTS = "o.gemeente = coalesce(%(gem)s, o.gemeente) AND o.basisfunctie = coalesce(%(bf)s, o.basisfunctie)"


async def _counts(conn: AsyncConnection[Any], query: sql.Composed, params: dict[str, Any]) -> dict[str, int]:
    cur = await conn.execute(query, params)
    return {str(r[0]): int(r[1]) for r in await cur.fetchall()}


async def _points(conn: AsyncConnection[Any], p: int | None, f: SeriesFilter, end: dt.date, stale: int) -> PeriodPoint:
    params: dict[str, Any] = {"gem": f.gemeente, "bf": f.basisfunctie, "end": end, "stale": stale}
    point = PeriodPoint(periode="", einde=end, positie=p or 0)
    point.per_status = await _counts(
        conn,
        sql.SQL("SELECT o.status, count(*) FROM ontwikkelpunt_view o WHERE {} AND " + POINTS + " GROUP BY 1").format(
            temporal.visible("o", p, "ontwikkelpunt_view")
        ),
        params,
    )
    latest = sql.SQL(
        "WITH latest AS (SELECT o.punt_id, s.signaal, s.peildatum FROM ontwikkelpunt_view o LEFT JOIN LATERAL"
        " (SELECT signaal, peildatum FROM stand_van_zaken_view s WHERE s.subject_id = o.punt_id AND {vs}"
        " ORDER BY s.volgnummer DESC LIMIT 1) s ON true WHERE {vo} AND " + POINTS + ")"
        " SELECT coalesce(signaal, 'geen'), count(*), count(*) FILTER (WHERE %(end)s - peildatum > %(stale)s),"
        " avg(%(end)s - peildatum) FROM latest GROUP BY 1"
    ).format(vs=temporal.visible("s", p, "stand_van_zaken_view"), vo=temporal.visible("o", p, "ontwikkelpunt_view"))
    cur = await conn.execute(latest, params)
    ages: list[tuple[float, int]] = []
    for signaal, count, stale_count, avg_age in await cur.fetchall():
        point.per_signaal[str(signaal)] = int(count)
        point.verouderd += int(stale_count)
        if avg_age is not None:
            ages.append((float(avg_age), int(count)))
    weight = sum(c for _, c in ages)
    point.gemiddelde_leeftijd_dagen = round(sum(a * c for a, c in ages) / weight, 1) if weight else None
    return point


async def _milestones(conn: AsyncConnection[Any], p: int, f: SeriesFilter) -> dict[str, int]:
    state = (
        "CASE WHEN m.actual IS NOT NULL THEN 'behaald' WHEN m.forecast_eind > m.baseline_eind THEN 'verschoven'"
        " ELSE 'op_schema' END"
    )
    if f.gemeente is not None:
        query = sql.SQL(
            "SELECT " + state + ", count(*) FROM mijlpaal_instantie_view m WHERE {} AND NOT m.vervallen"
            " AND m.gemeente = %(gem)s GROUP BY 1"
        ).format(temporal.visible("m", p))
    else:
        query = sql.SQL(
            "SELECT " + state + ", count(*) FROM mijlpaal_view m WHERE {} AND NOT m.vervallen"
            " AND (%(project)s::text IS NULL OR m.project = %(project)s) GROUP BY 1"
        ).format(temporal.visible("m", p))
    return await _counts(conn, query, {"gem": f.gemeente, "project": f.project})


async def series(
    conn: AsyncConnection[Any],
    f: SeriesFilter,
    period: tuple[dt.date, dt.date, Interval],
    stale_days: int,
    as_of: int | None = None,
    by_peildatum: bool = False,
) -> list[PeriodPoint]:
    """One point per period (van, tot, interval), each read as of the period's end
    (and never later than ``as_of``). With ``by_peildatum`` the points are read
    as they stood on the period's last day (valid time), as known at ``as_of``
    (or now); milestones stay as recorded by the period's end."""
    out: list[PeriodPoint] = []
    for label, end in period_ends(*period):
        p = await position_through(conn, end)
        p = p if as_of is None else min(p, as_of)
        if by_peildatum:
            with temporal.valid_time(end):
                point = await _points(conn, as_of, f, end, stale_days)
            point.positie = p
        else:
            point = await _points(conn, p, f, end, stale_days)
        point.periode = label
        if f.basisfunctie is None:
            point.mijlpalen = await _milestones(conn, p, f)
        out.append(point)
    return out
