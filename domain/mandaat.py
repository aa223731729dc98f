"""Mandate rules of a regio: data, versioned by the date they take effect.

A rule says which bodies (by type, by code, or by status) may do what with a
kind of decision: ``besluit`` (may decide), ``advies`` (may advise only) or
``geen`` (may not). Rules are tried in order; the first that matches decides.
A rule may require that other bodies dealt with the same proposal first
(``na``, seed 003: SSD before BOSD) and may name the body a refused decision
is escalated to (``escaleer_naar``). A new version of the rules takes effect
on its ``geldig_vanaf`` date and is only made on the authority of a recorded
besluit; the earlier versions stay visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.errors import DomainError, NotAllowed, ProblemCollector
from domain.gremium import CODE, OPGEHEVEN, TYPES, Gremium
from domain.ids import natural_id
from domain.vocabulary import BesluitSoort, Bevoegdheid

SOORTEN = tuple(BesluitSoort)
BEVOEGDHEDEN = tuple(Bevoegdheid)
GEEN_REGEL = "geen-regel"
OPGEHEVEN_REGEL = "opgeheven-gremium"
VOLGORDE_REGEL = "volgorde"


def mandaat_id(regio: str) -> UUID:
    return natural_id("mandaat", regio)


class MandateRefused(DomainError):
    """A body tried to decide outside its mandate; names the rule and, where
    a body may take the decision, the body to escalate to."""

    code = "MANDATE_REFUSED"

    def __init__(self, message: str, rule: str, escalate_to: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.escalate_to = escalate_to


def soorten_van(kader_inhoudelijk: bool, kader_financieel: bool) -> list[str]:
    """The kinds of decision a besluit is, from its kader impact."""
    kinds = [s for s, on in (("kader_inhoudelijk", kader_inhoudelijk), ("kader_financieel", kader_financieel)) if on]
    return kinds or ["binnen_kaders"]


@dataclass(frozen=True)
class GremiumFeit:
    """What the rules need to know of a body."""

    code: str
    type: str
    status: str
    opvolger: str | None = None

    @classmethod
    def van(cls, gremium: Gremium) -> GremiumFeit:
        return cls(gremium.code, gremium.type, gremium.status, gremium.opvolger)


@dataclass(frozen=True)
class Oordeel:
    """The verdict of the rules for one body and one kind of decision."""

    bevoegdheid: str
    regel: str
    omschrijving: str
    na: list[str] = field(default_factory=list)
    escaleer_naar: str | None = None


def _past(regel: dict[str, Any], g: GremiumFeit, soort: str) -> bool:
    return (
        regel.get("gremium_type") in (None, g.type)
        and regel.get("gremium") in (None, g.code)
        and regel.get("status") in (None, g.status)
        and (not regel.get("soorten") or soort in regel["soorten"])
    )


def beoordeel(regels: Iterable[dict[str, Any]], g: GremiumFeit, soort: str) -> Oordeel:
    """The first rule that matches decides; without one the body may not."""
    if g.status == OPGEHEVEN:
        regel = next((r for r in regels if r.get("status") == OPGEHEVEN and _past(r, g, soort)), None)
        if regel is None:
            omschrijving = "een opgeheven gremium neemt geen nieuwe besluiten"
            return Oordeel("geen", OPGEHEVEN_REGEL, omschrijving, escaleer_naar=g.opvolger)
    for regel in regels:
        if _past(regel, g, soort):
            naar = regel.get("escaleer_naar") or (g.opvolger if g.status == OPGEHEVEN else None)
            return Oordeel(regel["bevoegdheid"], regel["code"], regel["omschrijving"], list(regel.get("na", [])), naar)
    return Oordeel("geen", GEEN_REGEL, f"geen mandaatregel geeft {g.code} bevoegdheid voor {soort}")


def toets_besluit(
    regels: list[dict[str, Any]],
    g: GremiumFeit,
    soorten: list[str],
    behandeld_door: Callable[[str], bool],
) -> Oordeel:
    """May body ``g`` decide on every kind in ``soorten``? Raises
    :class:`MandateRefused` naming the rule; returns the verdict that allowed it."""
    oordeel: Oordeel | None = None
    for soort in soorten:
        oordeel = beoordeel(regels, g, soort)
        if oordeel.bevoegdheid != "besluit":
            wat = "mag alleen adviseren" if oordeel.bevoegdheid == "advies" else "mag niet besluiten"
            raise MandateRefused(
                f"mandaatregel {oordeel.regel}: {g.code} {wat} over {soort} ({oordeel.omschrijving})",
                rule=oordeel.regel,
                escalate_to=oordeel.escaleer_naar,
            )
        missing = [c for c in oordeel.na if not behandeld_door(c)]
        if missing:
            raise MandateRefused(
                f"mandaatregel {oordeel.regel} ({VOLGORDE_REGEL}): {', '.join(missing)} moet dit voorstel eerst"
                f" behandelen voordat {g.code} besluit ({oordeel.omschrijving})",
                rule=oordeel.regel,
                escalate_to=missing[0],
            )
    assert oordeel is not None
    return oordeel


def check_regels(problems: ProblemCollector, regels: list[dict[str, Any]]) -> None:
    problems.require(bool(regels), "regels", "minstens één regel")
    seen: set[str] = set()
    for i, r in enumerate(regels):
        at = f"regels[{i}]"
        code = str(r.get("code", ""))
        problems.require(bool(code.strip()) and code not in seen, f"{at}.code", "verplicht en uniek")
        seen.add(code)
        problems.require(bool(str(r.get("omschrijving", "")).strip()), f"{at}.omschrijving", "verplicht")
        problems.require(r.get("bevoegdheid") in BEVOEGDHEDEN, f"{at}.bevoegdheid", f"een van {BEVOEGDHEDEN}")
        problems.require(r.get("gremium_type") in (None, *TYPES), f"{at}.gremiumType", f"een van {TYPES}")
        problems.require(r.get("status") in (None, "actief", OPGEHEVEN), f"{at}.status", "actief of opgeheven")
        bad = [s for s in r.get("soorten", []) if s not in SOORTEN]
        problems.require(not bad, f"{at}.soorten", f"onbekend: {', '.join(bad)}; kies uit {SOORTEN}")
        codes = [*r.get("na", []), *([r["gremium"]] if r.get("gremium") else [])]
        codes += [r["escaleer_naar"]] if r.get("escaleer_naar") else []
        problems.require(all(CODE.match(c) for c in codes), f"{at}.gremium", "ongeldige gremiumcode")


def regel(
    code: str,
    omschrijving: str,
    bevoegdheid: str,
    *,
    gremium_type: str | None = None,
    gremium: str | None = None,
    status: str | None = None,
    soorten: list[str] | None = None,
    na: list[str] | None = None,
    escaleer_naar: str | None = None,
) -> dict[str, Any]:
    """One rule as stored in the events."""
    return {
        "code": code,
        "omschrijving": omschrijving,
        "bevoegdheid": bevoegdheid,
        "gremium_type": gremium_type,
        "gremium": gremium,
        "status": status,
        "soorten": list(soorten or []),
        "na": list(na or []),
        "escaleer_naar": escaleer_naar,
    }


def normaliseer(regels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("code", "omschrijving", "bevoegdheid", "gremium_type", "gremium", "status", "soorten", "na")
    return [regel(**{k: r[k] for k in (*keys, "escaleer_naar") if k in r}) for r in regels]


class Mandaatregeling(VoortgangAggregate):
    """The versioned mandate rules of one regio."""

    class Vastgesteld(VoortgangAggregate.Created):
        regio: str
        geldig_vanaf: dt.date
        regels: list[dict[str, Any]]

    class Gewijzigd(VoortgangAggregate.Event):
        regio: str
        versie: int
        geldig_vanaf: dt.date
        regels: list[dict[str, Any]]

    @staticmethod
    def create_id(regio: str, **_: Any) -> UUID:
        return mandaat_id(regio)

    @classmethod
    def stel_vast(
        cls, regio: str, geldig_vanaf: dt.date, regels: list[dict[str, Any]], besluit_id: str | None = None
    ) -> Mandaatregeling:
        """The first version of the rules (``besluit_id``: the besluit it rests on, if any)."""
        problems = ProblemCollector()
        problems.require(bool(regio.strip()), "regio", "verplicht")
        check_regels(problems, regels)
        problems.raise_if_any()
        return cls(
            regio=regio.strip(),
            geldig_vanaf=geldig_vanaf,
            regels=normaliseer(regels),
            besluit_id=besluit_id,
        )

    @event(Vastgesteld)
    def __init__(self, regio: str, geldig_vanaf: dt.date, regels: list[dict[str, Any]], besluit_id: str | None) -> None:
        self.regio = regio
        self.versies: list[dict[str, Any]] = [
            {"versie": 1, "geldig_vanaf": geldig_vanaf, "regels": regels, "besluit_id": besluit_id}
        ]

    def wijzig(self, geldig_vanaf: dt.date, regels: list[dict[str, Any]], besluit_id: str | None) -> None:
        """A new version from ``geldig_vanaf``, on the authority of besluit ``besluit_id``."""
        if not besluit_id:
            raise NotAllowed("mandaatregels wijzigen alleen op gezag van een vastgelegd besluit (besluitId)")
        problems = ProblemCollector()
        check_regels(problems, regels)
        last = self.versies[-1]["geldig_vanaf"]
        problems.require(geldig_vanaf > last, "geldigVanaf", f"moet na {last.isoformat()} liggen (vorige versie)")
        problems.raise_if_any()
        self._gewijzigd(
            regio=self.regio,
            versie=len(self.versies) + 1,
            geldig_vanaf=geldig_vanaf,
            regels=normaliseer(regels),
            besluit_id=besluit_id,
        )

    @event(Gewijzigd)
    def _gewijzigd(
        self, regio: str, versie: int, geldig_vanaf: dt.date, regels: list[dict[str, Any]], besluit_id: str | None
    ) -> None:
        self.versies.append(
            {"versie": versie, "geldig_vanaf": geldig_vanaf, "regels": regels, "besluit_id": besluit_id}
        )

    def versie_op(self, datum: dt.date) -> dict[str, Any] | None:
        """The version of the rules in force on ``datum`` (None before the first)."""
        current = None
        for versie in self.versies:
            if versie["geldig_vanaf"] <= datum:
                current = versie
        return current

    def toets(
        self, g: GremiumFeit, soorten: list[str], datum: dt.date, behandeld_door: Callable[[str], bool]
    ) -> Oordeel:
        versie = self.versie_op(datum)
        if versie is None:
            raise MandateRefused(
                f"mandaatregel {GEEN_REGEL}: op {datum.isoformat()} gold in regio {self.regio} nog geen regeling",
                rule=GEEN_REGEL,
            )
        return toets_besluit(versie["regels"], g, soorten, behandeld_door)
