"""Demo governance of regio Zuid-Holland Zuid (seed 002): the bodies, the
merged predecessors, the mandate rules (two versions, the second adopted by a
besluit), meetings and the decisions named in the programme plan with their
adviezen, the OM's reservations included. Facts in
``service/demo/data/governance-zhz.json``; people pseudonymised. Plus the
bodies of regio Amersfoort (seed 003, ``governance-amersfoort.json``) whose
BOSD besluit adopts the demo's first regional ontwikkelpunt."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from domain.besluit import besluit_id
from domain.overleg import overleg_id
from service.commands.base import Envelope
from service.commands.governance.besluit import (
    AgendeerBesluit,
    GeefAdvies,
    NeemBesluit,
    StelBesluitVoor,
    WijzigWooStatus,
)
from service.commands.governance.gremium import StelGremiumIn, StelMandaatVast, VoegGremiaSamen, WijzigMandaat
from service.commands.governance.overleg import (
    AgendeerPunt,
    HoudOverleg,
    LegAanwezigheidVast,
    OntvangRapportage,
    PlanOverleg,
)
from service.commands.registry import Commands
from service.demo.common import PROGRAMMABUREAU, load
from service.runtime import Runtime


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _gremia(gov: Commands, cmd: Envelope, regio: str, gremia: list[dict[str, Any]]) -> None:
    for g in gremia:
        gov.run(
            cmd,
            StelGremiumIn(
                code=g["code"],
                regio=regio,
                naam=g["naam"],
                type=g["type"],
                cadans=g["cadans"],
                ingesteld_op=_date(g["ingesteld_op"]),
                voorzitter=g["voorzitter"],
                zetels=g["zetels"],
            ),
        )


def _overleg(gov: Commands, cmd: Envelope, o: dict[str, Any]) -> None:
    datum = _date(o["datum"])
    oid = overleg_id(o["gremium"], datum)
    gov.run(cmd, PlanOverleg(gremium=o["gremium"], datum=datum, locatie=None))
    for p in o.get("agenda", []):
        gov.run(
            cmd,
            AgendeerPunt(
                overleg=oid,
                onderwerp=p["onderwerp"],
                soort=p["soort"],
                ref_id=None,
                terugkerend=bool(p.get("terugkerend")),
            ),
        )
    if o.get("aanwezigen"):
        gov.run(cmd, LegAanwezigheidVast(overleg=oid, aanwezigen=o["aanwezigen"]))
    for r in o.get("rapportages", []):
        gov.run(
            cmd,
            OntvangRapportage(
                overleg=oid, soort=r["soort"], door=r["door"], onderwerp=r["onderwerp"], document=r.get("document")
            ),
        )
    if o.get("gehouden"):
        gov.run(cmd, HoudOverleg(overleg=oid, notulen=o.get("notulen")))


def _besluit(gov: Commands, cmd: Envelope, regio: str, b: dict[str, Any], doc: dict[str, Any]) -> None:
    bid = besluit_id(regio, b["kenmerk"])
    gov.run(
        cmd,
        StelBesluitVoor(
            regio=regio,
            kenmerk=b["kenmerk"],
            onderwerp=b["onderwerp"],
            gremium=b["gremium"],
            beslispunten=b["beslispunten"],
            overwegingen=b.get("overwegingen", []),
            voorstel=b.get("voorstel"),
            kader_inhoudelijk=bool(b.get("kader_inhoudelijk")),
            kader_financieel=bool(b.get("kader_financieel")),
            betreft_gemeenten=b.get("betreft_gemeenten", []),
            koppelingen=b.get("koppelingen", []),
        ),
    )
    for a in b.get("adviezen", []):
        gov.run(
            cmd,
            GeefAdvies(
                besluit=bid,
                adviseur=a["adviseur"],
                soort=a["soort"],
                standpunt=a["standpunt"],
                toelichting=a.get("toelichting"),
                datum=_date(a["datum"]),
            ),
        )
    gov.run(cmd, AgendeerBesluit(besluit=bid, overleg=overleg_id(b["gremium"], _date(b["overleg"]))))
    gov.run(cmd, NeemBesluit(besluit=bid, datum=None, uitkomsten={}, doorleiden=False))
    if b.get("woo"):
        w = b["woo"]
        gov.run(cmd, WijzigWooStatus(besluit=bid, status=w["status"], datum=_date(w["datum"]), grond=w.get("grond")))
    _op_gezag(gov, replace(cmd, besluit_id=str(bid)), regio, b.get("op_gezag", {}), doc)


def _op_gezag(gov: Commands, cmd: Envelope, regio: str, acties: dict[str, Any], doc: dict[str, Any]) -> None:
    """Changes made on the authority of the besluit (they carry its id)."""
    for s in acties.get("samenvoegingen", []):
        gov.run(cmd, VoegGremiaSamen(bronnen=s["bronnen"], opvolger=s["opvolger"], datum=_date(s["datum"])))
    if acties.get("mandaat"):
        versie = doc["mandaat"][acties["mandaat"]]
        gov.run(cmd, WijzigMandaat(regio=regio, geldig_vanaf=_date(versie["geldig_vanaf"]), regels=versie["regels"]))


def seed_governance(runtime: Runtime) -> None:
    for name in ("governance-zhz.json", "governance-amersfoort.json"):
        _seed_regio(runtime.commands, Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo"), load(name))


def _seed_regio(gov: Commands, cmd: Envelope, doc: dict[str, Any]) -> None:
    regio = doc["regio"]
    _gremia(gov, cmd, regio, doc["gremia"])
    eerste = doc["mandaat"]["v1"]
    gov.run(cmd, StelMandaatVast(regio=regio, geldig_vanaf=_date(eerste["geldig_vanaf"]), regels=eerste["regels"]))
    for o in doc["overleggen"]:
        _overleg(gov, cmd, o)
    for b in doc["besluiten"]:
        _besluit(gov, cmd, regio, b, doc)
