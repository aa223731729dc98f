"""Demo data of the regional programme: seed 002's ZHZ programme (projects,
phases, budget table, funding, the eleven risks) and seed 003's 2022
planning of regio Amersfoort: its point milestones and its activities over
quarters (Gantt bars), with a few realistic reschedules.
The facts are in ``service/demo/data/programme-zhz.json`` and
``planning-amersfoort-2022.json``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from service.commands.base import Envelope
from service.commands.programme.programma import ProgrammeCommands
from service.demo.common import PROGRAMMABUREAU, load
from service.runtime import Runtime


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _start(p: ProgrammeCommands, cmd: Envelope, prog: dict[str, Any]) -> None:
    p.start_programma(
        cmd,
        code=prog["code"],
        naam=prog["naam"],
        regio=prog["regio"],
        periode_start=_d(prog["periode_start"]),
        periode_eind=_d(prog["periode_eind"]),
        doelen=prog["doelen"],
        opdrachtgevers=prog["opdrachtgevers"],
    )


def seed_zhz(p: ProgrammeCommands, cmd: Envelope) -> None:
    data = load("programme-zhz.json")
    prog = data["programma"]
    code = prog["code"]
    _start(p, cmd, prog)
    p.leg_opdrachtgeverschap_vast(
        cmd,
        code,
        ambtelijk=prog["ambtelijk"],
        bestuurlijk=prog["bestuurlijk"],
        bestuurlijk_lead=prog["bestuurlijk_lead"],
        programmamanager=prog["programmamanager"],
        expected_version=None,
    )
    for i in data["initiatieven"]:
        p.koppel_initiatief(cmd, code, i["naam"], "verbinding, geen onderdeel", i["eigenaar"], None)
    for f in data["fasen"]:
        oplevering = f.get("oplevering")
        p.plan_fase(cmd, code, f["fase"], _d(f["gepland_start"]), _d(f["gepland_eind"]), f["aan"], oplevering, None)
        if "start" in f:
            p.start_fase(cmd, code, f["fase"], _d(f["start"]), f["aan"], oplevering, None)
        if "eind" in f:
            p.rond_fase_af(cmd, code, f["fase"], _d(f["eind"]), None)
    for j in data["projecten"]:
        p.neem_project_op(
            cmd,
            code,
            code=j["code"],
            naam=j["naam"],
            soort=j["soort"],
            hoofdproject=j.get("hoofdproject"),
            herkomst=j["herkomst"],
            omschrijving=j["omschrijving"],
        )
        for doel in j["doelen"]:
            p.stel_projectdoel_vast(cmd, j["code"], doel, None)
    seed_begroting(p, cmd, code, data["begroting"])
    for r in data["risicos"]:
        p.registreer_risico(cmd, code, r["nummer"], r["omschrijving"], r["maatregelen"], "programmamanager")


def seed_begroting(p: ProgrammeCommands, cmd: Envelope, code: str, b: dict[str, Any]) -> None:
    p.stel_begroting_op(cmd, code, b["jaren"])
    for r in b["regels"]:
        pm = bool(r.get("pm"))
        bedragen = {} if pm else dict.fromkeys(b["jaren"], Decimal(r["per_jaar"]))
        p.leg_begrotingsregel_vast(
            cmd,
            code,
            code=r["code"],
            taak=r["taak"],
            invulling=r["invulling"],
            pm=pm,
            bedragen=bedragen,
            expected_version=None,
        )
    for s in b["financiering"]:
        p.voeg_financieringsbron_toe(cmd, code, s["naam"], None, s["omschrijving"], None)
    p.stel_begroting_vast(cmd, code, _d(b["vastgesteld_op"]), Decimal(b["totaal_per_jaar"]), Decimal(b["totaal"]), None)


def seed_amersfoort(p: ProgrammeCommands, cmd: Envelope) -> dict[str, UUID]:
    data = load("planning-amersfoort-2022.json")
    prog = data["programma"]
    _start(p, cmd, prog)
    ids: dict[str, UUID] = {}
    for m in data["mijlpalen"]:
        saved = p.plan_mijlpaal(
            cmd,
            titel=m["titel"],
            soort=m["soort"],
            eigenaar_soort="programma",
            eigenaar=prog["code"],
            programma=None,
            datum=_d(m["datum"]),
            precisie=m["precisie"],
            omschrijving="",
        )
        ids[m["key"]] = saved.aggregate_id
        for voorganger in m.get("na", []):
            p.voeg_afhankelijkheid_toe(cmd, saved.aggregate_id, ids[voorganger], None)
        if m.get("lokaal"):
            p.maak_lokale_instanties(cmd, saved.aggregate_id, prog["opdrachtgevers"])
        if "behaald" in m:
            p.behaal_mijlpaal(cmd, saved.aggregate_id, _d(m["behaald"]), None)
    for a in data["activiteiten"]:
        saved = p.plan_mijlpaal(
            cmd,
            titel=a["titel"],
            soort=a["soort"],
            eigenaar_soort="programma",
            eigenaar=prog["code"],
            programma=None,
            datum=_d(a["datum"]),
            precisie=a["precisie"],
            omschrijving="",
            start=_d(a["start"]),
            start_precisie=a["precisie"],
        )
        ids[a["key"]] = saved.aggregate_id
        for voorganger in a.get("na", []):
            p.voeg_afhankelijkheid_toe(cmd, saved.aggregate_id, ids[voorganger], None)
    for v in data["verplaatsingen"]:
        kw = {"naar": _d(v["naar"]), "precisie": v["precisie"], "reden_categorie": v["categorie"], "reden": v["reden"]}
        if "gemeente" in v:
            p.verplaats_instantie(cmd, ids[v["key"]], v["gemeente"], expected_version=None, **kw)
        else:
            p.verplaats_mijlpaal(cmd, ids[v["key"]], expected_version=None, **kw)
    return ids


def seed_programme(runtime: Runtime) -> None:
    cmd = Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo")
    seed_zhz(runtime.commands.programme, cmd)
    seed_amersfoort(runtime.commands.programme, cmd)
