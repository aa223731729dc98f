"""The people directory: display names for the actor ids that events carry.

Events never hold names. This table (``migrations/0400``) does, and it is
mutable on purpose: the programmabureau corrects a name (``zetPersoon``) or
erases it (``wisPersoon``). Erasure removes the name for good and keeps the
role and organisation, so the audit trail still reads "[gewist]
(programmabureau, GM0307)". A principal's entry is created from the token's
``name`` claim on its first successful write (:func:`record_first_write`,
called once from ``service/graphql/mutations.py``); later token names never
overwrite a correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection, sql

from domain.errors import ProblemCollector
from domain.principal import Principal
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.rows import fetch_all, fetch_one
from service.access.authz import require_directory_reader, require_programmabureau

ERASED = "[gewist]"

_recorded: set[tuple[str, str]] = set()
"""(database url, actor id) already in the directory: one insert per process."""


@dataclass(frozen=True)
class PersoonRow:
    actor_id: str
    naam: str | None
    rol: str
    organisatie: str
    gewist: bool

    @property
    def weergave(self) -> str:
        """How the person shows in the audit trail."""
        if self.gewist:
            return ERASED
        return self.naam or self.actor_id


COLUMNS = sql.SQL("actor_id, naam, rol, organisatie, gewist")


def organisation_of(principal: Principal) -> str:
    if principal.gemeente:
        return principal.gemeente
    if principal.gremia:
        return ", ".join(sorted(principal.gremia))
    return principal.role


async def record_first_write(url: str, principal: Principal) -> None:
    """Put the principal in the directory unless it is already there."""
    if (url, principal.actor_id) in _recorded:
        return
    async with await AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(
            "INSERT INTO persoon_directory (actor_id, naam, rol, organisatie, gewijzigd_door)"
            " VALUES (%s, %s, %s, %s, 'token') ON CONFLICT (actor_id) DO NOTHING",
            (principal.actor_id, principal.name, principal.role, organisation_of(principal)),
        )
    _recorded.add((url, principal.actor_id))


def _validate(actor_id: str, naam: str, rol: str, organisatie: str) -> None:
    problems = ProblemCollector()
    problems.require(bool(actor_id.strip()) and len(actor_id) <= 200, "actorId", "verplicht, hooguit 200 tekens")
    problems.require(bool(naam.strip()) and len(naam) <= 200, "naam", "verplicht, hooguit 200 tekens")
    problems.require(len(rol) <= 100, "rol", "hooguit 100 tekens")
    problems.require(len(organisatie) <= 200, "organisatie", "hooguit 200 tekens")
    problems.raise_if_any()


async def zet_persoon(
    conn: AsyncConnection[Any], principal: Principal, actor_id: str, naam: str, rol: str, organisatie: str
) -> PersoonRow:
    """Correct (or pre-register) a person; also gives an erased person a name again."""
    require_programmabureau(principal, "een persoon in het personenregister wijzigen")
    _validate(actor_id, naam, rol, organisatie)
    query = sql.SQL(
        "INSERT INTO persoon_directory AS p (actor_id, naam, rol, organisatie, gewijzigd_door)"
        " VALUES (%(a)s, %(n)s, %(r)s, %(o)s, %(by)s) ON CONFLICT (actor_id) DO UPDATE SET naam = %(n)s,"
        " rol = %(r)s, organisatie = %(o)s, gewist = false, gewijzigd_op = clock_timestamp(), gewijzigd_door = %(by)s"
        " RETURNING {}"
    ).format(COLUMNS)
    params = {"a": actor_id.strip(), "n": naam.strip(), "r": rol.strip(), "o": organisatie.strip()}
    row = await fetch_one(conn, PersoonRow, query, {**params, "by": principal.actor_id})
    assert row is not None
    return row


async def wis_persoon(conn: AsyncConnection[Any], principal: Principal, actor_id: str) -> PersoonRow | None:
    """Erase a person's name; role and organisation stay. None if unknown."""
    require_programmabureau(principal, "een persoon uit het personenregister wissen")
    query = sql.SQL(
        "UPDATE persoon_directory SET naam = NULL, gewist = true, gewijzigd_op = clock_timestamp(),"
        " gewijzigd_door = %s WHERE actor_id = %s RETURNING {}"
    ).format(COLUMNS)
    return await fetch_one(conn, PersoonRow, query, (principal.actor_id, actor_id))


async def personen(
    conn: AsyncConnection[Any], principal: Principal, page: PageRequest, organisatie: str | None = None
) -> Page[PersoonRow]:
    """The directory, by actor id, for the programmabureau and the auditor."""
    require_directory_reader(principal)

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT {cols} FROM persoon_directory p WHERE (%(org)s::text IS NULL OR organisatie = %(org)s)"
            " AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(cols=COLUMNS, after=ks.where, order=ks.order_by, limit=ks.limit)

    return await fetch_page(
        conn, build, page, ["actor_id"], PersoonRow, lambda r: (r.actor_id,), {"org": organisatie}, alias="p"
    )


async def lookup(conn: AsyncConnection[Any], actor_ids: list[str]) -> dict[str, PersoonRow]:
    """Directory entries of these actors (missing ones are simply absent)."""
    query = sql.SQL("SELECT {} FROM persoon_directory WHERE actor_id = ANY(%s)").format(COLUMNS)
    return {r.actor_id: r for r in await fetch_all(conn, PersoonRow, query, (actor_ids,))}
