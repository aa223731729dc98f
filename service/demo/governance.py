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
from service.commands.governance.gremium import GovernanceCommands
from service.demo.common import PROGRAMMABUREAU, load
from service.runtime import Runtime


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _gremia(gov: GovernanceCommands, cmd: Envelope, regio: str, gremia: list[dict[str, Any]]) -> None:
    for g in gremia:
        gov.stel_gremium_in(
            cmd, code=g["code"], regio=regio, naam=g["naam"], type=g["type"], cadans=g["cadans"],
            ingesteld_op=_date(g["ingesteld_op"]), voorzitter=g["voorzitter"], zetels=g["zetels"],
        )  # fmt: skip


def _overleg(gov: GovernanceCommands, cmd: Envelope, o: dict[str, Any]) -> None:
    datum = _date(o["datum"])
    oid = overleg_id(o["gremium"], datum)
    gov.plan_overleg(cmd, o["gremium"], datum, None)
    for p in o.get("agenda", []):
        gov.agendeer_punt(
            cmd, oid, None, onderwerp=p["onderwerp"], soort=p["soort"], ref_id=None,
            terugkerend=bool(p.get("terugkerend")),
        )  # fmt: skip
    if o.get("aanwezigen"):
        gov.leg_aanwezigheid_vast(cmd, oid, None, o["aanwezigen"])
    for r in o.get("rapportages", []):
        gov.ontvang_rapportage(
            cmd, oid, None, soort=r["soort"], door=r["door"], onderwerp=r["onderwerp"], document=r.get("document")
        )
    if o.get("gehouden"):
        gov.houd_overleg(cmd, oid, None, o.get("notulen"))


def _besluit(gov: GovernanceCommands, cmd: Envelope, regio: str, b: dict[str, Any], doc: dict[str, Any]) -> None:
    bid = besluit_id(regio, b["kenmerk"])
    gov.stel_besluit_voor(
        cmd, regio=regio, kenmerk=b["kenmerk"], onderwerp=b["onderwerp"], gremium=b["gremium"],
        beslispunten=b["beslispunten"], overwegingen=b.get("overwegingen", []), voorstel=b.get("voorstel"),
        kader_inhoudelijk=bool(b.get("kader_inhoudelijk")), kader_financieel=bool(b.get("kader_financieel")),
        betreft_gemeenten=b.get("betreft_gemeenten", []), koppelingen=b.get("koppelingen", []),
    )  # fmt: skip
    for a in b.get("adviezen", []):
        gov.geef_advies(
            cmd, bid, None, adviseur=a["adviseur"], soort=a["soort"], standpunt=a["standpunt"],
            toelichting=a.get("toelichting"), datum=_date(a["datum"]),
        )  # fmt: skip
    gov.agendeer_besluit(cmd, bid, None, overleg_id(b["gremium"], _date(b["overleg"])))
    gov.neem_besluit(cmd, bid, None, datum=None, uitkomsten={}, doorleiden=False)
    if b.get("woo"):
        w = b["woo"]
        gov.wijzig_woo_status(cmd, bid, None, status=w["status"], datum=_date(w["datum"]), grond=w.get("grond"))
    _op_gezag(gov, replace(cmd, besluit_id=str(bid)), regio, b.get("op_gezag", {}), doc)


def _op_gezag(gov: GovernanceCommands, cmd: Envelope, regio: str, acties: dict[str, Any], doc: dict[str, Any]) -> None:
    """Changes made on the authority of the besluit (they carry its id)."""
    for s in acties.get("samenvoegingen", []):
        gov.voeg_gremia_samen(cmd, s["bronnen"], s["opvolger"], _date(s["datum"]))
    if acties.get("mandaat"):
        versie = doc["mandaat"][acties["mandaat"]]
        gov.wijzig_mandaat(cmd, regio, _date(versie["geldig_vanaf"]), versie["regels"], None)


def seed_governance(runtime: Runtime) -> None:
    for name in ("governance-zhz.json", "governance-amersfoort.json"):
        _seed_regio(
            runtime.commands.governance, Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo"), load(name)
        )


def _seed_regio(gov: GovernanceCommands, cmd: Envelope, doc: dict[str, Any]) -> None:
    regio = doc["regio"]
    _gremia(gov, cmd, regio, doc["gremia"])
    eerste = doc["mandaat"]["v1"]
    gov.stel_mandaat_vast(cmd, regio, _date(eerste["geldig_vanaf"]), eerste["regels"])
    for o in doc["overleggen"]:
        _overleg(gov, cmd, o)
    for b in doc["besluiten"]:
        _besluit(gov, cmd, regio, b, doc)
