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
from decimal import Decimal
from typing import Any

from domain.besluit import besluit_id
from domain.ids import natural_id
from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Kosten, Planning, Stand
from domain.principal import Principal
from service.commands.base import Command
from service.commands.plans.ontwikkelplan import PlanCommands
from service.demo.common import load
from service.runtime import Runtime

PROGRAMMABUREAU = Principal(
    actor_id="official-regio-amersfoort-programmabureau-1", name="Programmabureau", roles=frozenset({"programmabureau"})
)


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


def _seed_point(plans: PlanCommands, cmd: Command, gemeente: str, periode: str, p: dict[str, Any]) -> None:
    punt_id = natural_id("demo-ontwikkelpunt", p["key"])
    standen = [dt.date.fromisoformat(s["peildatum"]) for s in p["standen"]]
    first = standen[0]
    plans.voeg_punt_toe(
        dataclasses.replace(cmd, peildatum=first),
        gemeente=gemeente,
        periode=periode,
        basisfunctie=p["basisfunctie"],
        thema=p["thema"],
        doel=p["doel"],
        zelfscan_link=p["zelfscan_link"],
        kolommen=_kolommen(p),
        punt_id=punt_id,
    )

    def edit(operation: str, change: Any, toelichting: str | None = None, peildatum: dt.date = first) -> None:
        command = Command(
            principal=cmd.principal, request_id=cmd.request_id, toelichting=toelichting, peildatum=peildatum
        )
        plans.edit_point(command, operation, punt_id, None, {}, change)

    for status in STATUS_PATH[p["status"]][:2]:
        edit("wijzigOntwikkelpuntStatus", lambda o, s=status: o.wijzig_status(s))
    if p["herordening"]:
        edit("herordenDeelstappen", lambda o: o.herorden_deelstappen(p["herordening"]))
    for stap in p["afgerond"]:
        edit(
            "rondDeelstapAf",
            lambda o, s=stap: o.rond_deelstap_af(s["deelstap"], _date(s["op"]), dt.date.today()),
            peildatum=_date(stap["op"]) or first,
        )
    for raw in p["standen"][1:]:
        edit("werkStandVanZakenBij", lambda o, r=raw: o.werk_stand_bij(_stand(r), dt.date.today()))
    if p["planning_aanpassing"]:
        a = p["planning_aanpassing"]
        planning = Planning(gereed=dt.date.fromisoformat(a["gereed"]), precisie=a["precisie"])
        edit(
            "legPlanningVast",
            lambda o: o.leg_planning_vast(planning),
            a["toelichting"],
            standen[min(1, len(standen) - 1)],
        )
    for status in STATUS_PATH[p["status"]][2:]:
        edit("wijzigOntwikkelpuntStatus", lambda o, s=status: o.wijzig_status(s), peildatum=standen[-1])


def _seed_plan(plans: PlanCommands, regio: str, periode: str, plan: dict[str, Any]) -> None:
    official = Principal(
        actor_id=plan["beleidsmedewerker"],
        name="Beleidsmedewerker",
        roles=frozenset({"gemeente"}),
        gemeente=plan["gemeente"],
    )
    oldest = min(_first_stand(p) for p in plan["punten"])
    cmd = Command(principal=official, request_id="seed-demo", peildatum=oldest)
    gemeente = plan["gemeente"]
    plans.maak_plan(cmd, regio, gemeente, periode, "2025-02-19")
    kop = plan["kop"]
    plans.wijzig_kop(
        cmd,
        gemeente,
        periode,
        None,
        kop["documenten"],
        kop["portefeuillehouders"],
        kop["beleidsmedewerkers"],
        kop["lokale_aanvullingen"],
    )
    for punt in plan["punten"]:
        _seed_point(plans, cmd, gemeente, periode, punt)
    if plan["vastgesteld_op"]:
        vastgesteld = dt.date.fromisoformat(plan["vastgesteld_op"])
        plans.stel_plan_vast(dataclasses.replace(cmd, peildatum=vastgesteld), gemeente, periode, None, vastgesteld)


def _seed_regional(plans: PlanCommands, data: dict[str, Any]) -> None:
    ids = {}
    oldest = min(_first_stand(p) for plan in data["plannen"] for p in plan["punten"])
    for r in data["regionaal"]:
        kenmerk = r["besluit_kenmerk"]  # adopted by this besluit (seeded by service/demo/governance.py)
        besluit = str(besluit_id(data["regio"], kenmerk)) if kenmerk else None
        # valid from the start of the plans' history (the besluit's date is not in this file)
        cmd = Command(principal=PROGRAMMABUREAU, request_id="seed-demo", besluit_id=besluit, peildatum=oldest)
        ids[r["key"]] = natural_id("demo-regionaal-ontwikkelpunt", r["key"])
        plans.stel_regionaal_punt_vast(
            cmd,
            regio=data["regio"],
            basisfunctie=r["basisfunctie"],
            thema=r["thema"],
            doel=r["doel"],
            beoogd_resultaat=r["beoogd_resultaat"],
            indicatoren=r["indicatoren"],
            punt_id=ids[r["key"]],
        )
    officials = {p["gemeente"]: p["beleidsmedewerker"] for p in data["plannen"]}
    for v in data["regionale_voortgang"]:
        official = Principal(
            actor_id=officials[v["gemeente"]],
            name="Beleidsmedewerker",
            roles=frozenset({"gemeente"}),
            gemeente=v["gemeente"],
        )
        for i, raw in enumerate(v["standen"]):
            cmd = Command(principal=official, request_id="seed-demo", peildatum=_stand(raw).peildatum)
            plans.werk_regionale_voortgang_bij(
                cmd,
                punt_id=ids[v["punt"]],
                gemeente=v["gemeente"],
                expected_version=None,
                stand=_stand(raw),
                uitvoerder=v["uitvoerder"] if i == 0 else None,
                planning=_planning(v["planning"]) if i == 0 else None,
            )


def load_demo_plans() -> dict[str, Any]:
    data: dict[str, Any] = load("plans-amersfoort.json")
    return data


def seed_plans(runtime: Runtime, data: dict[str, Any] | None = None) -> None:
    """Seed the plans and regional points (after :func:`service.demo.seed.seed_regios`)."""
    data = data or load_demo_plans()
    plans = runtime.commands.plans
    for plan in data["plannen"]:
        _seed_plan(plans, data["regio"], data["periode"], plan)
    _seed_regional(plans, data)
