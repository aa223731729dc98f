"""The demo's people directory: a naam, rol and organisatie for every actor id
the demo data uses (issue 18, readable people).

The seeding runs the command services directly, so no GraphQL write puts its
principal in the directory (``record_first_write``); without this step the demo's
audit trail and every ``Official`` would show bare actor ids with an empty rol and
organisatie. The entries are derived from the same data files the other demo
modules read (people stay pseudonymised: a function and a number, never a real
name) and are inserted once: an entry that exists (corrected or erased) is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from service.demo.common import PROGRAMMABUREAU, load
from service.demo.plans import PROGRAMMABUREAU as REGIO_PROGRAMMABUREAU


@dataclass(frozen=True)
class DemoPersoon:
    actor_id: str
    naam: str
    rol: str
    organisatie: str


def _gemeente_people(plan: dict[str, Any]) -> list[DemoPersoon]:
    gemeente, naam = plan["gemeente"], plan["naam"]
    kop = plan["kop"]
    ids = [plan["beleidsmedewerker"], *kop["beleidsmedewerkers"]]
    people = [
        DemoPersoon(a, f"Beleidsmedewerker {naam} {n}", "beleidsmedewerker", gemeente)
        for n, a in enumerate(dict.fromkeys(ids), 1)
    ]
    people += [
        DemoPersoon(a, f"Wethouder {naam} {n}", "portefeuillehouder", gemeente)
        for n, a in enumerate(kop["portefeuillehouders"], 1)
    ]
    return people


def _programme_people(programma: dict[str, Any]) -> list[DemoPersoon]:
    code = programma["code"]
    people = [DemoPersoon(programma["programmamanager"], "Programmamanager (PM-01)", "programmamanager", code)]
    people += [
        DemoPersoon(a, f"Ambtelijk opdrachtgever {n}", "ambtelijk opdrachtgever", code)
        for n, a in enumerate(programma["ambtelijk"], 1)
    ]
    people += [
        DemoPersoon(a, f"Bestuurder {chr(ord('A') + n)}", "bestuurlijk opdrachtgever", code)
        for n, a in enumerate(programma["bestuurlijk"])
    ]
    return people


def demo_people() -> list[DemoPersoon]:
    """Every person the demo data names, once (the first description of an actor id wins)."""
    plans = load("plans-amersfoort.json")
    people = [
        DemoPersoon(PROGRAMMABUREAU.actor_id, "Programmabureau (demo)", "programmabureau", "zhz, amersfoort"),
        DemoPersoon(
            REGIO_PROGRAMMABUREAU.actor_id, "Programmabureau regio Amersfoort", "programmabureau", plans["regio"]
        ),
    ]
    for plan in plans["plannen"]:
        people += _gemeente_people(plan)
    people += _programme_people(load("programme-zhz.json")["programma"])
    first: dict[str, DemoPersoon] = {}
    for p in people:
        first.setdefault(p.actor_id, p)
    return list(first.values())


def seed_people(url: str) -> int:
    """Put the demo's people in the directory; existing entries stay. Returns how many were new."""
    rows = [(p.actor_id, p.naam, p.rol, p.organisatie) for p in demo_people()]
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO persoon_directory (actor_id, naam, rol, organisatie, gewijzigd_door)"
            " SELECT a, n, r, o, 'seed-demo'"
            " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) AS x(a, n, r, o)"
            " ON CONFLICT (actor_id) DO NOTHING",
            [list(column) for column in zip(*rows, strict=True)],
        )
        return cur.rowcount
