"""Demo ontwikkelplannen for the seven gemeenten of regio Amersfoort
(``service/demo/data/plans-amersfoort.json``): ontwikkelpunten written from
the quickscan items, months of dated stand van zaken, deelstappen, costs, and
two regional points with local progress. Deterministic: fixed dates, ids
derived from keys, officials as pseudonymous ids.

Valid time (issue 16): every change carries the date in reality it is about
(``peildatum``), so the demo reads as the plans stood in 2025 and 2026 with
``peildatum``: a point exists from its first stand van zaken, a plan from its
oldest one, a plan is vastgesteld on its date, a finished point is finished on
its last stand, and a planning change dates from the stand it followed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from domain.besluit import besluit_id
from domain.ids import natural_id
from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Kosten, Planning, Stand
from domain.principal import Principal
from service.commands.base import Command, Envelope, Saved
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan, StelOntwikkelplanVast, WijzigPlanKop
from service.commands.plans.ontwikkelpunt import (
    HerordenDeelstappen,
    LegPlanningVast,
    RondDeelstapAf,
    VoegOntwikkelpuntToe,
    WerkStandVanZakenBij,
    WijzigOntwikkelpuntStatus,
)
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast, WerkRegionaleVoortgangBij
from service.demo.common import load
from service.runtime import Runtime

PROGRAMMABUREAU = Principal(
    actor_id="official-regio-amersfoort-programmabureau-1", name="Programmabureau", roles=frozenset({"programmabureau"})
)


Run = Callable[[Envelope, Command], Saved]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _planning(raw: dict[str, Any]) -> Planning:
    return Planning(gereed=dt.date.fromisoformat(raw["gereed"]), precisie=raw["precisie"], start=_date(raw["start"]))


def _stand(raw: dict[str, Any]) -> Stand:
    return Stand(peildatum=dt.date.fromisoformat(raw["peildatum"]), tekst=raw["tekst"], signaal=raw["signaal"])


def _kolommen(p: dict[str, Any]) -> Kolommen:
    k = p["kosten"]
    return Kolommen(
        beoogd_resultaat=p["beoogd_resultaat"],
        indicatoren=p["indicatoren"],
        anders_leren_doen=p["anders_leren_doen"],
        verbeteractie=p["verbeteractie"],
        deelstappen=[Deelstap(s["tekst"], _date(s["gepland"])) for s in p["deelstappen"]],
        kosten=Kosten(Decimal(k["bedrag"]), k["omschrijving"], k["dekking"], k["begrotingsjaar"]),
        uitvoerder=p["uitvoerder"],
        planning=_planning(p["planning"]),
        stand=_stand(p["standen"][0]),
    )


STATUS_PATH = {
    "concept": [],
    "vastgesteld": ["vastgesteld"],
    "in_uitvoering": ["vastgesteld", "in_uitvoering"],
    "afgerond": ["vastgesteld", "in_uitvoering", "afgerond"],
}


def _first_stand(p: dict[str, Any]) -> dt.date:
    return min(dt.date.fromisoformat(s["peildatum"]) for s in p["standen"])


def _seed_point(run: Run, cmd: Envelope, gemeente: str, periode: str, p: dict[str, Any]) -> None:
    punt_id = natural_id("demo-ontwikkelpunt", p["key"])
    standen = [dt.date.fromisoformat(s["peildatum"]) for s in p["standen"]]
    first = standen[0]
    run(
        dataclasses.replace(cmd, peildatum=first),
        VoegOntwikkelpuntToe(
            gemeente=gemeente,
            periode=periode,
            basisfunctie=p["basisfunctie"],
            thema=p["thema"],
            doel=p["doel"],
            zelfscan_link=p["zelfscan_link"],
            kolommen=_kolommen(p),
            punt_id=punt_id,
        ),
    )

    def edit(command: Command, toelichting: str | None = None, peildatum: dt.date = first) -> None:
        envelope = Envelope(
            principal=cmd.principal, request_id=cmd.request_id, toelichting=toelichting, peildatum=peildatum
        )
        run(envelope, command)

    for status in STATUS_PATH[p["status"]][:2]:
        edit(WijzigOntwikkelpuntStatus(punt=punt_id, status=status))
    if p["herordening"]:
        edit(HerordenDeelstappen(punt=punt_id, volgorde=p["herordening"]))
    for stap in p["afgerond"]:
        edit(
            RondDeelstapAf(punt=punt_id, deelstap=stap["deelstap"], afgerond_op=_date(stap["op"])),
            peildatum=_date(stap["op"]) or first,
        )
    for raw in p["standen"][1:]:
        edit(WerkStandVanZakenBij(punt=punt_id, stand=_stand(raw)))
    if p["planning_aanpassing"]:
        a = p["planning_aanpassing"]
        planning = Planning(gereed=dt.date.fromisoformat(a["gereed"]), precisie=a["precisie"])
        edit(LegPlanningVast(punt=punt_id, planning=planning), a["toelichting"], standen[min(1, len(standen) - 1)])
    for status in STATUS_PATH[p["status"]][2:]:
        edit(WijzigOntwikkelpuntStatus(punt=punt_id, status=status), peildatum=standen[-1])


def _seed_plan(run: Run, regio: str, periode: str, plan: dict[str, Any]) -> None:
    official = Principal(
        actor_id=plan["beleidsmedewerker"],
        name="Beleidsmedewerker",
        roles=frozenset({"gemeente"}),
        gemeente=plan["gemeente"],
    )
    oldest = min(_first_stand(p) for p in plan["punten"])
    cmd = Envelope(principal=official, request_id="seed-demo", peildatum=oldest)
    gemeente = plan["gemeente"]
    run(cmd, MaakOntwikkelplan(regio=regio, gemeente=gemeente, periode=periode, template_versie="2025-02-19"))
    kop = plan["kop"]
    kop_command = WijzigPlanKop(
        gemeente=gemeente,
        periode=periode,
        documenten=kop["documenten"],
        portefeuillehouders=kop["portefeuillehouders"],
        beleidsmedewerkers=kop["beleidsmedewerkers"],
        lokale_aanvullingen=kop["lokale_aanvullingen"],
    )
    run(cmd, kop_command)
    for punt in plan["punten"]:
        _seed_point(run, cmd, gemeente, periode, punt)
    if plan["vastgesteld_op"]:
        vastgesteld = dt.date.fromisoformat(plan["vastgesteld_op"])
        vaststelling = StelOntwikkelplanVast(gemeente=gemeente, periode=periode, datum=vastgesteld)
        run(dataclasses.replace(cmd, peildatum=vastgesteld), vaststelling)


def _seed_regional(run: Run, data: dict[str, Any]) -> None:
    ids = {}
    oldest = min(_first_stand(p) for plan in data["plannen"] for p in plan["punten"])
    for r in data["regionaal"]:
        kenmerk = r["besluit_kenmerk"]  # adopted by this besluit (seeded by service/demo/governance.py)
        besluit = str(besluit_id(data["regio"], kenmerk)) if kenmerk else None
        # valid from the start of the plans' history (the besluit's date is not in this file)
        cmd = Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo", besluit_id=besluit, peildatum=oldest)
        ids[r["key"]] = natural_id("demo-regionaal-ontwikkelpunt", r["key"])
        command = StelRegionaalOntwikkelpuntVast(
            regio=data["regio"],
            basisfunctie=r["basisfunctie"],
            thema=r["thema"],
            doel=r["doel"],
            beoogd_resultaat=r["beoogd_resultaat"],
            indicatoren=r["indicatoren"],
            punt_id=ids[r["key"]],
        )
        run(cmd, command)
    officials = {p["gemeente"]: p["beleidsmedewerker"] for p in data["plannen"]}
    for v in data["regionale_voortgang"]:
        official = Principal(
            actor_id=officials[v["gemeente"]],
            name="Beleidsmedewerker",
            roles=frozenset({"gemeente"}),
            gemeente=v["gemeente"],
        )
        for i, raw in enumerate(v["standen"]):
            cmd = Envelope(principal=official, request_id="seed-demo", peildatum=_stand(raw).peildatum)
            voortgang = WerkRegionaleVoortgangBij(
                punt=ids[v["punt"]],
                gemeente=v["gemeente"],
                stand=_stand(raw),
                uitvoerder=v["uitvoerder"] if i == 0 else None,
                planning=_planning(v["planning"]) if i == 0 else None,
            )
            run(cmd, voortgang)


def load_demo_plans() -> dict[str, Any]:
    data: dict[str, Any] = load("plans-amersfoort.json")
    return data


def seed_plans(runtime: Runtime, data: dict[str, Any] | None = None) -> None:
    """Seed the plans and regional points (after :func:`service.demo.seed.seed_regios`)."""
    data = data or load_demo_plans()
    run = runtime.commands.run
    for plan in data["plannen"]:
        _seed_plan(run, data["regio"], data["periode"], plan)
    _seed_regional(run, data)
