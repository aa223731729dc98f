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
from service.commands.programme.begroting import (
    LegBegrotingsregelVast,
    RegistreerRisico,
    StelBegrotingOp,
    StelBegrotingVast,
    VoegFinancieringsbronToe,
)
from service.commands.programme.mijlpalen import (
    BehaalMijlpaal,
    MaakLokaleInstanties,
    PlanMijlpaal,
    VerplaatsLokaleMijlpaal,
    VerplaatsMijlpaal,
    VoegAfhankelijkheidToe,
)
from service.commands.programme.programma import (
    KoppelInitiatief,
    LegOpdrachtgeverschapVast,
    NeemProjectOp,
    PlanProgrammafase,
    RondProgrammafaseAf,
    StartProgramma,
    StartProgrammafase,
    StelProjectdoelVast,
)
from service.commands.registry import Commands
from service.demo.common import PROGRAMMABUREAU, load
from service.runtime import Runtime


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _start(p: Commands, cmd: Envelope, prog: dict[str, Any]) -> None:
    p.run(
        cmd,
        StartProgramma(
            code=prog["code"],
            naam=prog["naam"],
            regio=prog["regio"],
            periode_start=_d(prog["periode_start"]),
            periode_eind=_d(prog["periode_eind"]),
            doelen=prog["doelen"],
            opdrachtgevers=prog["opdrachtgevers"],
        ),
    )


def seed_zhz(p: Commands, cmd: Envelope) -> None:
    data = load("programme-zhz.json")
    prog = data["programma"]
    code = prog["code"]
    _start(p, cmd, prog)
    p.run(
        cmd,
        LegOpdrachtgeverschapVast(
            programma=code,
            ambtelijk=prog["ambtelijk"],
            bestuurlijk=prog["bestuurlijk"],
            bestuurlijk_lead=prog["bestuurlijk_lead"],
            programmamanager=prog["programmamanager"],
        ),
    )
    for i in data["initiatieven"]:
        p.run(
            cmd,
            KoppelInitiatief(
                programma=code, naam=i["naam"], relatie="verbinding, geen onderdeel", eigenaar=i["eigenaar"]
            ),
        )
    for f in data["fasen"]:
        oplevering = f.get("oplevering")
        p.run(
            cmd,
            PlanProgrammafase(
                programma=code,
                fase=f["fase"],
                geplande_start=_d(f["gepland_start"]),
                geplande_eind=_d(f["gepland_eind"]),
                verantwoording_aan=f["aan"],
                oplevering=oplevering,
            ),
        )
        if "start" in f:
            p.run(
                cmd,
                StartProgrammafase(
                    programma=code,
                    fase=f["fase"],
                    startdatum=_d(f["start"]),
                    verantwoording_aan=f["aan"],
                    oplevering=oplevering,
                ),
            )
        if "eind" in f:
            p.run(cmd, RondProgrammafaseAf(programma=code, fase=f["fase"], einddatum=_d(f["eind"])))
    for j in data["projecten"]:
        p.run(
            cmd,
            NeemProjectOp(
                programma=code,
                code=j["code"],
                naam=j["naam"],
                soort=j["soort"],
                hoofdproject=j.get("hoofdproject"),
                herkomst=j["herkomst"],
                omschrijving=j["omschrijving"],
            ),
        )
        for doel in j["doelen"]:
            p.run(cmd, StelProjectdoelVast(project=j["code"], tekst=doel))
    seed_begroting(p, cmd, code, data["begroting"])
    for r in data["risicos"]:
        p.run(
            cmd,
            RegistreerRisico(
                programma=code,
                nummer=r["nummer"],
                omschrijving=r["omschrijving"],
                maatregelen=r["maatregelen"],
                eigenaar="programmamanager",
            ),
        )


def seed_begroting(p: Commands, cmd: Envelope, code: str, b: dict[str, Any]) -> None:
    p.run(cmd, StelBegrotingOp(programma=code, jaren=b["jaren"]))
    for r in b["regels"]:
        pm = bool(r.get("pm"))
        bedragen = {} if pm else dict.fromkeys(b["jaren"], Decimal(r["per_jaar"]))
        p.run(
            cmd,
            LegBegrotingsregelVast(
                programma=code, code=r["code"], taak=r["taak"], invulling=r["invulling"], pm=pm, bedragen=bedragen
            ),
        )
    for s in b["financiering"]:
        p.run(
            cmd, VoegFinancieringsbronToe(programma=code, naam=s["naam"], bedrag=None, omschrijving=s["omschrijving"])
        )
    p.run(
        cmd,
        StelBegrotingVast(
            programma=code,
            datum=_d(b["vastgesteld_op"]),
            verwacht_per_jaar=Decimal(b["totaal_per_jaar"]),
            verwacht_totaal=Decimal(b["totaal"]),
        ),
    )


def seed_amersfoort(p: Commands, cmd: Envelope) -> dict[str, UUID]:
    data = load("planning-amersfoort-2022.json")
    prog = data["programma"]
    _start(p, cmd, prog)
    ids: dict[str, UUID] = {}
    for m in data["mijlpalen"]:
        saved = p.run(
            cmd,
            PlanMijlpaal(
                titel=m["titel"],
                soort=m["soort"],
                eigenaar_soort="programma",
                eigenaar=prog["code"],
                datum=_d(m["datum"]),
                precisie=m["precisie"],
                omschrijving="",
            ),
        )
        ids[m["key"]] = saved.aggregate_id
        for voorganger in m.get("na", []):
            p.run(cmd, VoegAfhankelijkheidToe(mijlpaal=saved.aggregate_id, voorganger=ids[voorganger]))
        if m.get("lokaal"):
            p.run(cmd, MaakLokaleInstanties(mijlpaal=saved.aggregate_id, gemeenten=prog["opdrachtgevers"]))
        if "behaald" in m:
            p.run(cmd, BehaalMijlpaal(mijlpaal=saved.aggregate_id, datum=_d(m["behaald"])))
    for a in data["activiteiten"]:
        saved = p.run(
            cmd,
            PlanMijlpaal(
                titel=a["titel"],
                soort=a["soort"],
                eigenaar_soort="programma",
                eigenaar=prog["code"],
                datum=_d(a["datum"]),
                precisie=a["precisie"],
                omschrijving="",
                start=_d(a["start"]),
                start_precisie=a["precisie"],
            ),
        )
        ids[a["key"]] = saved.aggregate_id
        for voorganger in a.get("na", []):
            p.run(cmd, VoegAfhankelijkheidToe(mijlpaal=saved.aggregate_id, voorganger=ids[voorganger]))
    for v in data["verplaatsingen"]:
        naar, precisie, categorie, reden = _d(v["naar"]), v["precisie"], v["categorie"], v["reden"]
        if "gemeente" in v:
            lokaal = VerplaatsLokaleMijlpaal(
                mijlpaal=ids[v["key"]],
                gemeente=v["gemeente"],
                naar=naar,
                precisie=precisie,
                reden_categorie=categorie,
                reden=reden,
            )
            p.run(cmd, lokaal)
        else:
            verplaatsing = VerplaatsMijlpaal(
                mijlpaal=ids[v["key"]], naar=naar, precisie=precisie, reden_categorie=categorie, reden=reden
            )
            p.run(cmd, verplaatsing)
    return ids


def seed_programme(runtime: Runtime) -> None:
    cmd = Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo")
    seed_zhz(runtime.commands, cmd)
    seed_amersfoort(runtime.commands, cmd)
