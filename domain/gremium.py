"""A gremium (governance body): its type, chair, seats, cadence and status.

A gremium is identified by its code (e.g. ``zhz-bo``), so a ``secretaris``
token can name the bodies it keeps the records of (``gremia: [codes]``).
Bodies can be merged into a successor (seed 002 folded six older stuurgroepen
and werkgroepen into two); a superseded (``opgeheven``) body decides nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import codes
from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import natural_id
from domain.vocabulary import GremiumStatus, GremiumType

TYPES = tuple(GremiumType)
ACTIEF = GremiumStatus.ACTIEF
OPGEHEVEN = GremiumStatus.OPGEHEVEN
CODE = re.compile(codes.GREMIUM.pattern.pattern + r"\Z")
"""Use with ``match`` (the whole string); the pattern is ``codes.GREMIUM``."""
CADANS = re.compile(r"^(ad_hoc|maand|kwartaal|halfjaar|jaar|(\d{1,2})(?:-(\d{1,2}))?w)$")
_VAST = {"maand": 31, "kwartaal": 92, "halfjaar": 183, "jaar": 366}


def gremium_id(code: str) -> UUID:
    return natural_id("gremium", code)


def cadans_max_dagen(cadans: str) -> int | None:
    """The longest gap allowed between two meetings, or None for ad hoc.

    ``kwartaal`` is once a quarter; ``6-8w`` every 6 to 8 weeks; ``2w``
    every two weeks; ``maand`` monthly; ``ad_hoc`` has no cadence."""
    match = CADANS.match(cadans)
    if match is None or cadans == "ad_hoc":
        return None
    if cadans in _VAST:
        return _VAST[cadans]
    return 7 * int(match.group(3) or match.group(2))


def check_zetels(problems: ProblemCollector, zetels: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for i, z in enumerate(zetels):
        org = str(z.get("organisatie", "")).strip()
        problems.require(bool(org) and len(org) <= 200, f"zetels[{i}].organisatie", "verplicht, hooguit 200 tekens")
        problems.require(org not in seen, f"zetels[{i}].organisatie", f"{org} heeft al een zetel")
        seen.add(org)
        onderwerpen = z.get("onderwerpen") or []
        if z.get("deel_agenda"):
            problems.require(bool(onderwerpen), f"zetels[{i}].onderwerpen", "noem de agendaonderwerpen van de zetel")


def zetel(organisatie: str, deel_agenda: bool = False, onderwerpen: list[str] | None = None) -> dict[str, Any]:
    return {"organisatie": organisatie.strip(), "deel_agenda": deel_agenda, "onderwerpen": list(onderwerpen or [])}


class Gremium(VoortgangAggregate):
    """A governance body of a regio."""

    class Ingesteld(VoortgangAggregate.Created):
        code: str
        regio: str
        naam: str
        type: str
        voorzitter: str | None
        cadans: str
        zetels: list[dict[str, Any]]
        ingesteld_op: dt.date

    class VoorzitterGewijzigd(VoortgangAggregate.Event):
        voorzitter: str | None

    class CadansGewijzigd(VoortgangAggregate.Event):
        cadans: str

    class ZetelToegevoegd(VoortgangAggregate.Event):
        organisatie: str
        deel_agenda: bool
        onderwerpen: list[str]

    class ZetelVervallen(VoortgangAggregate.Event):
        organisatie: str

    class Opgeheven(VoortgangAggregate.Event):
        opgeheven_op: dt.date
        opvolger: str | None

    class VoorgangersOpgenomen(VoortgangAggregate.Event):
        voorgangers: list[str]
        datum: dt.date

    @staticmethod
    def create_id(code: str, **_: Any) -> UUID:
        return gremium_id(code)

    @classmethod
    def stel_in(
        cls,
        *,
        code: str,
        regio: str,
        naam: str,
        type: str,  # noqa: A002
        cadans: str,
        ingesteld_op: dt.date,
        voorzitter: str | None = None,
        zetels: list[dict[str, Any]] | None = None,
    ) -> Gremium:
        problems = ProblemCollector()
        codes.GREMIUM.require(problems, "code", code)
        codes.REGIO.require(problems, "regio", regio)
        problems.require(bool(naam.strip()) and len(naam) <= 200, "naam", "verplicht, hooguit 200 tekens")
        problems.require(type in TYPES, "type", f"een van {', '.join(TYPES)}")
        problems.require(bool(CADANS.match(cadans)), "cadans", "ad_hoc, maand, kwartaal, halfjaar, jaar of bv. 6-8w")
        check_zetels(problems, zetels or [])
        problems.raise_if_any()
        return cls(
            code=code,
            regio=regio.strip(),
            naam=naam.strip(),
            type=type,
            voorzitter=(voorzitter or "").strip() or None,
            cadans=cadans,
            zetels=[zetel(z["organisatie"], bool(z.get("deel_agenda")), z.get("onderwerpen")) for z in zetels or []],
            ingesteld_op=ingesteld_op,
        )

    @event(Ingesteld)
    def __init__(
        self,
        code: str,
        regio: str,
        naam: str,
        type: str,  # noqa: A002
        voorzitter: str | None,
        cadans: str,
        zetels: list[dict[str, Any]],
        ingesteld_op: dt.date,
    ) -> None:
        self.code = code
        self.regio = regio
        self.naam = naam
        self.type = type
        self.voorzitter = voorzitter
        self.cadans = cadans
        self.zetels = {z["organisatie"]: z for z in zetels}
        self.ingesteld_op = ingesteld_op
        self.status = ACTIEF
        self.opvolger: str | None = None
        self.opgeheven_op: dt.date | None = None
        self.voorgangers: list[str] = []

    @property
    def actief(self) -> bool:
        return self.status == ACTIEF

    def _require_actief(self, wat: str) -> None:
        if not self.actief:
            raise InvalidTransition(f"gremium {self.code} is opgeheven en kan niet meer {wat}")

    def wijzig_voorzitter(self, voorzitter: str | None) -> None:
        self._require_actief("gewijzigd worden")
        self._voorzitter_gewijzigd(voorzitter=(voorzitter or "").strip() or None)

    @event(VoorzitterGewijzigd)
    def _voorzitter_gewijzigd(self, voorzitter: str | None) -> None:
        self.voorzitter = voorzitter

    def wijzig_cadans(self, cadans: str) -> None:
        self._require_actief("gewijzigd worden")
        problems = ProblemCollector()
        problems.require(bool(CADANS.match(cadans)), "cadans", "ad_hoc, maand, kwartaal, halfjaar, jaar of bv. 6-8w")
        problems.raise_if_any()
        self._cadans_gewijzigd(cadans=cadans)

    @event(CadansGewijzigd)
    def _cadans_gewijzigd(self, cadans: str) -> None:
        self.cadans = cadans

    def voeg_zetel_toe(self, organisatie: str, deel_agenda: bool, onderwerpen: list[str]) -> None:
        self._require_actief("gewijzigd worden")
        problems = ProblemCollector()
        org = organisatie.strip()
        problems.require(bool(org) and len(org) <= 200, "organisatie", "verplicht, hooguit 200 tekens")
        problems.require(org not in self.zetels, "organisatie", f"{org} heeft al een zetel")
        problems.require(bool(onderwerpen) or not deel_agenda, "onderwerpen", "noem de agendaonderwerpen")
        problems.raise_if_any()
        self._zetel_toegevoegd(**zetel(org, deel_agenda, onderwerpen))

    @event(ZetelToegevoegd)
    def _zetel_toegevoegd(self, organisatie: str, deel_agenda: bool, onderwerpen: list[str]) -> None:
        self.zetels[organisatie] = zetel(organisatie, deel_agenda, onderwerpen)

    def laat_zetel_vervallen(self, organisatie: str) -> None:
        self._require_actief("gewijzigd worden")
        problems = ProblemCollector()
        problems.require(organisatie in self.zetels, "organisatie", f"{organisatie} heeft geen zetel")
        problems.raise_if_any()
        self._zetel_vervallen(organisatie=organisatie)

    @event(ZetelVervallen)
    def _zetel_vervallen(self, organisatie: str) -> None:
        self.zetels.pop(organisatie, None)

    def hef_op(self, opgeheven_op: dt.date, opvolger: str | None) -> None:
        self._require_actief("worden opgeheven")
        problems = ProblemCollector()
        problems.require(opgeheven_op >= self.ingesteld_op, "datum", "ligt voor de instelling van het gremium")
        problems.require(opvolger != self.code, "opvolger", "een gremium kan niet in zichzelf opgaan")
        problems.raise_if_any()
        self._opgeheven(opgeheven_op=opgeheven_op, opvolger=opvolger)

    @event(Opgeheven)
    def _opgeheven(self, opgeheven_op: dt.date, opvolger: str | None) -> None:
        self.status = OPGEHEVEN
        self.opgeheven_op = opgeheven_op
        self.opvolger = opvolger

    def neem_voorgangers_op(self, voorgangers: list[str], datum: dt.date) -> None:
        self._require_actief("voorgangers opnemen")
        self._voorgangers_opgenomen(voorgangers=list(voorgangers), datum=datum)

    @event(VoorgangersOpgenomen)
    def _voorgangers_opgenomen(self, voorgangers: list[str], datum: dt.date) -> None:
        self.voorgangers.extend(voorgangers)
