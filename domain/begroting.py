"""The programme budget: lines (task, description, amounts per year, PM),
funding sources, realisation per half year and the financial accountability
that is due twice a year.

Totals are computed from the lines: a line total is the sum of its years,
the programme total is the sum of the non-PM lines (PM lines are reported
separately). Adopting a version fixes the *kaders*: every adopted line
total and the programme total. After that, raising a line or the total above
its kader, or giving a PM line an amount, needs a besluit of a body that may
change financial kaders; such a change adopts a new version.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from domain import codes
from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, NotAllowed, ProblemCollector
from domain.ids import natural_id

HALFJAAR = re.compile(r"^(\d{4})-H([12])$")
CENT = Decimal("0.01")
MAX_BEDRAG = Decimal("1000000000")
"""The largest amount one line, source or booking may hold (the views store numeric(14, 2))."""


def geldig_bedrag(bedrag: Decimal) -> bool:
    """Finite, 0 ≤ bedrag ≤ MAX_BEDRAG, in whole cents (checked in that order: quantize needs a bounded value)."""
    return bedrag.is_finite() and 0 <= bedrag <= MAX_BEDRAG and bedrag == bedrag.quantize(CENT)


def begroting_id(programma: str) -> UUID:
    return natural_id("begroting", programma)


def halfjaar_eind(halfjaar: str) -> dt.date:
    m = HALFJAAR.match(halfjaar)
    assert m is not None
    year = int(m.group(1))
    return dt.date(year, 6, 30) if m.group(2) == "1" else dt.date(year, 12, 31)


class Begroting(VoortgangAggregate):
    class Opgesteld(VoortgangAggregate.Created):
        programma: str
        jaren: list[int]

    class RegelVastgelegd(VoortgangAggregate.Event):
        code: str
        taak: str
        invulling: str
        pm: bool
        bedragen: dict[str, Decimal]
        kader_gewijzigd: bool

    class FinancieringsbronToegevoegd(VoortgangAggregate.Event):
        naam: str
        bedrag: Decimal | None
        omschrijving: str

    class VersieVastgesteld(VoortgangAggregate.Event):
        datum: dt.date

    class RealisatieGeboekt(VoortgangAggregate.Event):
        regel: str
        halfjaar: str
        bedrag: Decimal

    class VerantwoordingAfgelegd(VoortgangAggregate.Event):
        halfjaar: str
        datum: dt.date
        aan: str
        omschrijving: str

    @staticmethod
    def create_id(programma: str) -> UUID:
        return begroting_id(programma)

    @classmethod
    def stel_op(cls, programma: str, jaren: list[int]) -> Begroting:
        problems = ProblemCollector()
        codes.PROGRAMMA.require(problems, "programma", programma)
        problems.require(bool(jaren), "jaren", "minstens één jaar")
        problems.require(jaren == sorted(set(jaren)), "jaren", "oplopend en zonder dubbelen")
        problems.require(all(2000 <= j <= 2100 for j in jaren), "jaren", "tussen 2000 en 2100")
        problems.raise_if_any()
        return cls(programma=programma, jaren=list(jaren))

    @event(Opgesteld)
    def __init__(self, programma: str, jaren: list[int]) -> None:
        self.programma = programma
        self.jaren = jaren
        self.regels: dict[str, dict[int, Decimal]] = {}
        self.pm: dict[str, bool] = {}
        self.versie = 0
        self.kaders: dict[str, Decimal] = {}
        self.kader_totaal: Decimal | None = None
        self.bronnen: list[str] = []
        self.verantwoord: dict[str, dt.date] = {}

    # -- totals -------------------------------------------------------------
    def regel_totaal(self, code: str) -> Decimal:
        return sum(self.regels[code].values(), Decimal(0))

    def totaal(self) -> Decimal:
        return sum((self.regel_totaal(c) for c in self.regels if not self.pm[c]), Decimal(0))

    def totaal_per_jaar(self) -> dict[int, Decimal]:
        return {
            j: sum((b.get(j, Decimal(0)) for c, b in self.regels.items() if not self.pm[c]), Decimal(0))
            for j in self.jaren
        }

    @property
    def vastgesteld(self) -> bool:
        return self.versie > 0

    def buiten_kaders(self, code: str, pm: bool, bedragen: dict[int, Decimal]) -> bool:
        """Would this line change exceed the adopted kaders?"""
        if not self.vastgesteld or pm:
            return False
        nieuw = sum(bedragen.values(), Decimal(0))
        oud = Decimal(0) if code not in self.regels or self.pm[code] else self.regel_totaal(code)
        totaal = self.totaal() - oud + nieuw
        kader = self.kaders.get(code)
        return (
            (kader is None and nieuw > 0) or (kader is not None and nieuw > kader) or totaal > (self.kader_totaal or 0)
        )

    # -- lines --------------------------------------------------------------
    def leg_regel_vast(
        self, code: str, taak: str, invulling: str, pm: bool, bedragen: dict[int, Decimal], besluit_toegestaan: bool
    ) -> None:
        """Add or change a line. ``besluit_toegestaan``: the service checked that
        the command's besluit may change financial kaders."""
        problems = ProblemCollector()
        codes.BEGROTINGSREGEL.require(problems, "code", code)
        problems.require(bool(taak.strip()) and len(taak) <= 300, "taak", "verplicht, hooguit 300 tekens")
        problems.require(len(invulling) <= 2000, "invulling", "hooguit 2000 tekens")
        if pm:
            problems.require(not bedragen, "bedragen", "een PM-regel heeft geen bedragen")
        else:
            problems.require(bool(bedragen), "bedragen", "verplicht voor een regel die niet PM is")
        problems.require(all(j in self.jaren for j in bedragen), "bedragen", "alleen jaren van deze begroting")
        problems.require(
            all(geldig_bedrag(b) for b in bedragen.values()), "bedragen", "≥ 0, hooguit 1 miljard, in centen"
        )
        problems.raise_if_any()
        buiten = self.buiten_kaders(code, pm, bedragen)
        if buiten and not besluit_toegestaan:
            raise NotAllowed(
                "een wijziging buiten de vastgestelde financiële kaders vereist een besluit van een gremium"
                " dat financiële kaders mag wijzigen"
            )
        self._regel(
            code=code.strip(),
            taak=taak.strip(),
            invulling=invulling.strip(),
            pm=pm,
            bedragen={str(j): b for j, b in sorted(bedragen.items())},
            kader_gewijzigd=buiten,
        )

    @event(RegelVastgelegd)
    def _regel(
        self, code: str, taak: str, invulling: str, pm: bool, bedragen: dict[str, Decimal], kader_gewijzigd: bool
    ) -> None:
        self.regels[code] = {int(j): Decimal(b) for j, b in bedragen.items()}
        self.pm[code] = pm
        if kader_gewijzigd:
            self._neem_kaders_over()

    def _neem_kaders_over(self) -> None:
        self.versie += 1
        self.kaders = {c: self.regel_totaal(c) for c in self.regels if not self.pm[c]}
        self.kader_totaal = self.totaal()

    def stel_vast(self, datum: dt.date, verwacht_per_jaar: Decimal | None, verwacht_totaal: Decimal | None) -> None:
        """Adopt this version as the kaders; declared totals must match the computed ones."""
        problems = ProblemCollector()
        problems.require(bool(self.regels), "regels", "een begroting zonder regels kan niet worden vastgesteld")
        per_jaar = set(self.totaal_per_jaar().values())
        if verwacht_per_jaar is not None:
            problems.require(
                per_jaar == {verwacht_per_jaar},
                "totaalPerJaar",
                f"berekend per jaar: {', '.join(str(v) for v in sorted(per_jaar))}",
            )
        if verwacht_totaal is not None:
            problems.require(self.totaal() == verwacht_totaal, "totaal", f"berekend totaal: {self.totaal()}")
        problems.raise_if_any()
        self._vastgesteld(datum=datum)

    @event(VersieVastgesteld)
    def _vastgesteld(self, datum: dt.date) -> None:
        self._neem_kaders_over()

    # -- funding, realisation, accountability --------------------------------
    def voeg_financieringsbron_toe(self, naam: str, bedrag: Decimal | None, omschrijving: str) -> None:
        problems = ProblemCollector()
        problems.require(bool(naam.strip()) and len(naam) <= 300, "naam", "verplicht, hooguit 300 tekens")
        problems.require(naam.strip() not in self.bronnen, "naam", "deze bron staat al op de begroting")
        problems.require(
            bedrag is None or geldig_bedrag(bedrag), "bedrag", "≥ 0, hooguit 1 miljard, in centen (leeg = PM)"
        )
        problems.raise_if_any()
        self._bron(naam=naam.strip(), bedrag=bedrag, omschrijving=omschrijving.strip())

    @event(FinancieringsbronToegevoegd)
    def _bron(self, naam: str, bedrag: Decimal | None, omschrijving: str) -> None:
        self.bronnen.append(naam)

    def _check_halfjaar(self, problems: ProblemCollector, halfjaar: str) -> None:
        m = HALFJAAR.match(halfjaar)
        problems.require(m is not None and int(m.group(1)) in self.jaren, "halfjaar", "zoals 2023-H1, binnen de jaren")

    def boek_realisatie(self, regel: str, halfjaar: str, bedrag: Decimal) -> None:
        problems = ProblemCollector()
        problems.require(regel in self.regels, "regel", f"de begroting heeft geen regel {regel}")
        self._check_halfjaar(problems, halfjaar)
        problems.require(bedrag != 0 and geldig_bedrag(abs(bedrag)), "bedrag", "niet 0, hooguit 1 miljard, in centen")
        problems.raise_if_any()
        self._realisatie(regel=regel, halfjaar=halfjaar, bedrag=bedrag)

    @event(RealisatieGeboekt)
    def _realisatie(self, regel: str, halfjaar: str, bedrag: Decimal) -> None:
        pass

    def leg_verantwoording_af(self, halfjaar: str, datum: dt.date, aan: str, omschrijving: str) -> None:
        problems = ProblemCollector()
        self._check_halfjaar(problems, halfjaar)
        problems.require(bool(aan.strip()) and len(aan) <= 300, "aan", "verplicht, hooguit 300 tekens")
        problems.raise_if_any()
        if halfjaar in self.verantwoord:
            raise InvalidTransition(f"over {halfjaar} is al verantwoording afgelegd")
        self._verantwoording(halfjaar=halfjaar, datum=datum, aan=aan.strip(), omschrijving=omschrijving.strip())

    @event(VerantwoordingAfgelegd)
    def _verantwoording(self, halfjaar: str, datum: dt.date, aan: str, omschrijving: str) -> None:
        self.verantwoord[halfjaar] = datum
