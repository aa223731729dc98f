"""Compare a point read from a file with the point in Voortgang and plan the
ordinary commands that make Voortgang say what the file says.

Each planned :class:`Stap` is one command (one or a few events) with the cell
it comes from and a Dutch description. Nothing is ever removed or emptied by
an import (the domain has no such commands); a stand van zaken is only ever
added. What the file asks and Voortgang cannot do is a problem at its cell."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Kosten, Planning, Stand
from service.commands.base import Command
from service.commands.plans.ontwikkelpunt import (
    RondDeelstapAf,
    VoegOntwikkelpuntToe,
    WerkStandVanZakenBij,
    WijzigOntwikkelpuntStatus,
)
from service.documents.cells import SIGNAAL_LABELS, StandTekst, datum, norm
from service.documents.model import STATUS_LABELS, Locatie, Punt
from service.documents.rows import FOUT, WAARSCHUWING, Melding

CHAIN = ("concept", "vastgesteld", "in_uitvoering", "afgerond")
DEFAULT_SIGNAAL = "op_koers"


@dataclass
class Stap:
    locatie: Locatie | None
    tekst: str
    command: Command
    """Run with the version the object has when the step's turn comes (see :meth:`at_version`)."""

    @property
    def operation(self) -> str:
        return self.command.operation

    def at_version(self, expected: int | None) -> Command:
        """The command, expecting ``expected`` (commands that create an object expect none)."""
        if "expected_version" not in {f.name for f in dataclasses.fields(self.command)}:
            return self.command
        return dataclasses.replace(self.command, **{"expected_version": expected})


def stand_van(s: StandTekst, meldingen: list[Melding], at: Locatie | None) -> Stand:
    if s.signaal is None:
        meldingen.append(
            Melding(WAARSCHUWING, f"stand van {datum(s.peildatum)} noemt geen signaal; aangenomen: op koers", at)
        )
    return Stand(peildatum=s.peildatum, tekst=s.tekst, signaal=s.signaal or DEFAULT_SIGNAAL)


def _same_stand(a: StandTekst, b: StandTekst) -> bool:
    return (
        a.peildatum == b.peildatum
        and norm(a.tekst) == norm(b.tekst)
        and (a.signaal is None or b.signaal is None or a.signaal == b.signaal)
    )


def new_standen(
    file: list[StandTekst], current: list[StandTekst], at: Locatie | None
) -> tuple[list[StandTekst], list[Melding]]:
    """The standen to add: the file must repeat the recorded ones first."""
    if len(file) < len(current) or not all(_same_stand(f, c) for f, c in zip(file, current, strict=False)):
        if not file:
            return [], []
        # by hand: only the last entries may be new; anything else is a change of history
        known = [c for c in current if any(_same_stand(f, c) for f in file)]
        extra = [f for f in file if not any(_same_stand(f, c) for c in current)]
        if len(known) < len(current) and extra:
            return [], [
                Melding(
                    FOUT,
                    "een eerder vastgelegde stand van zaken is gewijzigd of verwijderd; die blijft zoals hij is"
                    " vastgelegd: voeg een nieuwe stand toe (dd. datum: tekst) en laat de oude staan",
                    at,
                )
            ]
        return extra, []
    return file[len(current) :], []


def status_path(current: str, target: str) -> list[str] | None:
    if target == current:
        return []
    if target == "vervallen":
        return None if current in ("afgerond", "vervallen") else ["vervallen"]
    if current not in CHAIN or target not in CHAIN or CHAIN.index(target) < CHAIN.index(current):
        return None
    return list(CHAIN[CHAIN.index(current) + 1 : CHAIN.index(target) + 1])


def kosten_key(k: Kosten | None) -> tuple[object, ...] | None:
    if k is None:
        return None
    return (k.bedrag, norm(k.omschrijving), norm(k.dekking), k.begrotingsjaar)


def planning_key(p: Planning | None) -> tuple[object, ...] | None:
    return None if p is None else (p.start, p.gereed, p.precisie)


def new_point_steps(f: Punt, punt_id: UUID, gemeente: str, periode: str, meldingen: list[Melding]) -> list[Stap]:
    """A point that is not in Voortgang yet: add it with its columns, then its
    further standen, finished deelstappen and status."""
    standen = f.standen
    first = stand_van(standen[0], meldingen, f.at("stand_van_zaken")) if standen else None
    kolommen = Kolommen(
        beoogd_resultaat=f.beoogd_resultaat,
        indicatoren=f.indicatoren,
        anders_leren_doen=f.anders_leren_doen,
        verbeteractie=f.verbeteractie,
        deelstappen=[Deelstap(s.tekst, s.gepland) for s in f.deelstappen],
        kosten=f.kosten,
        uitvoerder=f.uitvoerder,
        planning=f.planning,
        stand=first,
    )

    add = VoegOntwikkelpuntToe(
        gemeente=gemeente,
        periode=periode,
        basisfunctie=f.basisfunctie,
        thema=f.thema,
        doel=f.doel,
        zelfscan_link=f.zelfscan_link,
        kolommen=kolommen,
        punt_id=punt_id,
    )
    steps = [Stap(f.at("ontwikkelpunt"), f"nieuw ontwikkelpunt in {f.thema}: {f.doel[:80]}", add)]
    for s in standen[1:]:
        stand = stand_van(s, meldingen, f.at("stand_van_zaken"))
        steps.append(
            Stap(
                f.at("stand_van_zaken"),
                f"stand van zaken dd. {datum(s.peildatum)} toevoegen",
                WerkStandVanZakenBij(punt=punt_id, stand=stand),
            )
        )
    for i, stap in enumerate(f.deelstappen, 1):
        if stap.afgerond_op is not None:
            steps.append(_rond_af(punt_id, f"d{i}", i, stap.afgerond_op, f.at("verbeteractie")))
    steps += _status_steps(punt_id, "concept", f.status, f, meldingen)
    return steps


def _rond_af(punt_id: UUID, deelstap_id: str, nummer: int, op: dt.date, at: Locatie | None) -> Stap:
    command = RondDeelstapAf(punt=punt_id, deelstap=deelstap_id, afgerond_op=op)
    return Stap(at, f"deelstap {nummer} afgerond op {datum(op)}", command)


def _status_steps(punt_id: UUID, current: str, target: str | None, f: Punt, meldingen: list[Melding]) -> list[Stap]:
    if target is None or target == current:
        return []
    path = status_path(current, target)
    if path is None:
        meldingen.append(
            Melding(
                FOUT, f"de status kan niet van {STATUS_LABELS[current]} naar {STATUS_LABELS[target]}", f.at("status")
            )
        )
        return []
    return [
        Stap(f.at("status"), f"status: {STATUS_LABELS[s]}", WijzigOntwikkelpuntStatus(punt=punt_id, status=s))
        for s in path
    ]


def signaal_label(signaal: str) -> str:
    return SIGNAAL_LABELS.get(signaal, signaal)
