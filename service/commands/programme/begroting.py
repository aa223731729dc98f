"""Commands on the programme budget and the risk register (programme office).

A budget line change beyond the adopted financial kaders needs the command's
besluit to be one of a body that may change financial kaders
(:func:`service.access.authority.require_authorizing_besluit` with ``"financieel"``).
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from domain.begroting import Begroting, begroting_id
from domain.errors import Problem, ValidationFailed
from domain.principal import Principal
from domain.programma import Programma, programma_id
from domain.risico import Risico, risico_id
from service.access.authority import require_authorizing_besluit
from service.access.authz import require_programmabureau
from service.commands.base import Command, Envelope, Executor


@dataclass(frozen=True, kw_only=True)
class StelBegrotingOp(Command):
    operation: ClassVar[str] = "stelBegrotingOp"
    programma: str
    jaren: list[int]

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een begroting opstellen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Begroting]:
        x.load(Programma, programma_id(self.programma), f"programma {self.programma}")
        if x.exists(begroting_id(self.programma)):
            raise ValidationFailed([Problem("programma", "dit programma heeft al een begroting")])
        return [Begroting.stel_op(self.programma, list(self.jaren))]


@dataclass(frozen=True, kw_only=True)
class BegrotingWijziging(Command):
    """A change of a programme's budget (the programme office only)."""

    action: ClassVar[str]
    programma: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, self.action)

    def decide(self, x: Executor, envelope: Envelope) -> list[Begroting]:
        b = x.load(Begroting, begroting_id(self.programma), f"begroting van {self.programma}")
        x.expect_version(b, self.expected_version, f"begroting van {self.programma}")
        self.change(x, envelope, b)
        return [b]

    @abstractmethod
    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        """The budget decides."""


@dataclass(frozen=True, kw_only=True)
class LegBegrotingsregelVast(BegrotingWijziging):
    """``bedrag_per_jaar`` (when no ``bedragen``): the same amount in every year of the budget."""

    operation: ClassVar[str] = "legBegrotingsregelVast"
    action: ClassVar[str] = "de begroting wijzigen"
    code: str
    taak: str
    invulling: str
    pm: bool
    bedragen: dict[int, Decimal] = field(default_factory=dict)
    bedrag_per_jaar: Decimal | None = None

    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        regel = dict(self.bedragen)
        if self.bedrag_per_jaar is not None and not regel:
            regel = dict.fromkeys(begroting.jaren, self.bedrag_per_jaar)
        toegestaan = False
        besluit = envelope.besluit()
        if besluit is not None and begroting.buiten_kaders(self.code.strip(), self.pm, regel):
            require_authorizing_besluit(x, besluit, "financieel")
            toegestaan = True
        begroting.leg_regel_vast(self.code, self.taak, self.invulling, self.pm, regel, toegestaan)


@dataclass(frozen=True, kw_only=True)
class VoegFinancieringsbronToe(BegrotingWijziging):
    operation: ClassVar[str] = "voegFinancieringsbronToe"
    action: ClassVar[str] = "de financiering wijzigen"
    naam: str
    bedrag: Decimal | None = None
    omschrijving: str

    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        begroting.voeg_financieringsbron_toe(self.naam, self.bedrag, self.omschrijving)


@dataclass(frozen=True, kw_only=True)
class StelBegrotingVast(BegrotingWijziging):
    operation: ClassVar[str] = "stelBegrotingVast"
    action: ClassVar[str] = "de begroting vaststellen"
    datum: dt.date
    verwacht_per_jaar: Decimal | None = None
    verwacht_totaal: Decimal | None = None

    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        begroting.stel_vast(self.datum, self.verwacht_per_jaar, self.verwacht_totaal)


@dataclass(frozen=True, kw_only=True)
class BoekRealisatie(BegrotingWijziging):
    operation: ClassVar[str] = "boekRealisatie"
    action: ClassVar[str] = "realisatie boeken"
    regel: str
    halfjaar: str
    bedrag: Decimal

    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        begroting.boek_realisatie(self.regel, self.halfjaar, self.bedrag)


@dataclass(frozen=True, kw_only=True)
class LegVerantwoordingAf(BegrotingWijziging):
    operation: ClassVar[str] = "legVerantwoordingAf"
    action: ClassVar[str] = "financiële verantwoording vastleggen"
    halfjaar: str
    datum: dt.date
    aan: str
    omschrijving: str

    def change(self, x: Executor, envelope: Envelope, begroting: Begroting) -> None:
        begroting.leg_verantwoording_af(self.halfjaar, self.datum, self.aan, self.omschrijving)


@dataclass(frozen=True, kw_only=True)
class RegistreerRisico(Command):
    operation: ClassVar[str] = "registreerRisico"
    programma: str
    nummer: str
    omschrijving: str
    maatregelen: list[str]
    eigenaar: str

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "risico's registreren")

    def decide(self, x: Executor, envelope: Envelope) -> list[Risico]:
        x.load(Programma, programma_id(self.programma), f"programma {self.programma}")
        if x.exists(risico_id(self.programma, self.nummer.strip())):
            raise ValidationFailed([Problem("nummer", f"risico {self.nummer} bestaat al")])
        return [
            Risico.registreer(self.programma, self.nummer, self.omschrijving, list(self.maatregelen), self.eigenaar)
        ]


@dataclass(frozen=True, kw_only=True)
class RisicoWijziging(Command):
    action: ClassVar[str]
    programma: str
    nummer: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, self.action)

    def decide(self, x: Executor, envelope: Envelope) -> list[Risico]:
        r = x.load(Risico, risico_id(self.programma, self.nummer), f"risico {self.nummer}")
        x.expect_version(r, self.expected_version, f"risico {self.nummer}")
        self.change(r)
        return [r]

    @abstractmethod
    def change(self, risico: Risico) -> None:
        """The risk decides."""


@dataclass(frozen=True, kw_only=True)
class WerkRisicoBij(RisicoWijziging):
    operation: ClassVar[str] = "werkRisicoBij"
    action: ClassVar[str] = "risico's bijwerken"
    omschrijving: str
    maatregelen: list[str]
    eigenaar: str

    def change(self, risico: Risico) -> None:
        risico.werk_bij(self.omschrijving, list(self.maatregelen), self.eigenaar)


@dataclass(frozen=True, kw_only=True)
class WijzigRisicostatus(RisicoWijziging):
    operation: ClassVar[str] = "wijzigRisicostatus"
    action: ClassVar[str] = "de status van risico's wijzigen"
    status: str

    def change(self, risico: Risico) -> None:
        risico.wijzig_status(self.status)


@dataclass(frozen=True, kw_only=True)
class EscaleerRisico(RisicoWijziging):
    operation: ClassVar[str] = "escaleerRisico"
    action: ClassVar[str] = "risico's escaleren"
    naar: str
    reden: str

    def change(self, risico: Risico) -> None:
        risico.escaleer(self.naar, self.reden)
