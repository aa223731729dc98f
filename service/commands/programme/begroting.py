"""Commands on the programme budget and the risk register (programme office).

A budget line change beyond the adopted financial kaders needs the command's
besluit to be one of a body that may change financial kaders
(:func:`service.access.authority.require_authorizing_besluit` with ``"financieel"``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.begroting import Begroting, begroting_id
from domain.errors import Problem, ValidationFailed
from domain.programma import Programma, programma_id
from domain.risico import Risico, risico_id
from service.access.authority import require_authorizing_besluit
from service.access.authz import require_programmabureau
from service.commands.base import Envelope, Executor, Saved


class BegrotingCommands:
    x: Executor

    def begroting(self, programma: str, expected: int | None) -> Begroting:
        b = self.x.load(Begroting, begroting_id(programma), f"begroting van {programma}")
        self.x.expect_version(b, expected, f"begroting van {programma}")
        return b

    def stel_begroting_op(self, command: Envelope, programma: str, jaren: list[int]) -> Saved:
        require_programmabureau(command.principal, "een begroting opstellen")

        def decide() -> list[Begroting]:
            self.x.load(Programma, programma_id(programma), f"programma {programma}")
            if self.x.exists(begroting_id(programma)):
                raise ValidationFailed([Problem("programma", "dit programma heeft al een begroting")])
            return [Begroting.stel_op(programma, jaren)]

        return self.x.execute(command, "stelBegrotingOp", {"p": programma, "j": jaren}, decide)

    def leg_begrotingsregel_vast(
        self,
        command: Envelope,
        programma: str,
        *,
        code: str,
        taak: str,
        invulling: str,
        pm: bool,
        bedragen: dict[int, Decimal],
        expected_version: int | None,
        bedrag_per_jaar: Decimal | None = None,
    ) -> Saved:
        """``bedrag_per_jaar`` (when no ``bedragen``): the same amount in every year of the budget."""
        require_programmabureau(command.principal, "de begroting wijzigen")

        def decide() -> list[Begroting]:
            b = self.begroting(programma, expected_version)
            regel = dict(bedragen)
            if bedrag_per_jaar is not None and not regel:
                regel = dict.fromkeys(b.jaren, bedrag_per_jaar)
            toegestaan = False
            besluit = command.besluit()
            if besluit is not None and b.buiten_kaders(code.strip(), pm, regel):
                require_authorizing_besluit(self.x, besluit, "financieel")
                toegestaan = True
            b.leg_regel_vast(code, taak, invulling, pm, regel, toegestaan)
            return [b]

        payload = {
            "p": programma,
            "c": code,
            "t": taak,
            "i": invulling,
            "pm": pm,
            "b": sorted(bedragen.items()),
            "j": bedrag_per_jaar,
        }
        return self.x.execute(command, "legBegrotingsregelVast", payload | {"v": expected_version}, decide)

    def voeg_financieringsbron_toe(
        self,
        command: Envelope,
        programma: str,
        naam: str,
        bedrag: Decimal | None,
        omschrijving: str,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "de financiering wijzigen")

        def decide() -> list[Begroting]:
            b = self.begroting(programma, expected_version)
            b.voeg_financieringsbron_toe(naam, bedrag, omschrijving)
            return [b]

        payload = {"p": programma, "n": naam, "b": bedrag, "o": omschrijving, "v": expected_version}
        return self.x.execute(command, "voegFinancieringsbronToe", payload, decide)

    def stel_begroting_vast(
        self,
        command: Envelope,
        programma: str,
        datum: dt.date,
        verwacht_per_jaar: Decimal | None,
        verwacht_totaal: Decimal | None,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "de begroting vaststellen")

        def decide() -> list[Begroting]:
            b = self.begroting(programma, expected_version)
            b.stel_vast(datum, verwacht_per_jaar, verwacht_totaal)
            return [b]

        payload = {"p": programma, "d": datum, "j": verwacht_per_jaar, "t": verwacht_totaal, "v": expected_version}
        return self.x.execute(command, "stelBegrotingVast", payload, decide)

    def boek_realisatie(
        self,
        command: Envelope,
        programma: str,
        regel: str,
        halfjaar: str,
        bedrag: Decimal,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "realisatie boeken")

        def decide() -> list[Begroting]:
            b = self.begroting(programma, expected_version)
            b.boek_realisatie(regel, halfjaar, bedrag)
            return [b]

        payload = {"p": programma, "r": regel, "h": halfjaar, "b": bedrag, "v": expected_version}
        return self.x.execute(command, "boekRealisatie", payload, decide)

    def leg_verantwoording_af(
        self,
        command: Envelope,
        programma: str,
        *,
        halfjaar: str,
        datum: dt.date,
        aan: str,
        omschrijving: str,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "financiële verantwoording vastleggen")

        def decide() -> list[Begroting]:
            b = self.begroting(programma, expected_version)
            b.leg_verantwoording_af(halfjaar, datum, aan, omschrijving)
            return [b]

        payload = {"p": programma, "h": halfjaar, "d": datum, "a": aan, "o": omschrijving, "v": expected_version}
        return self.x.execute(command, "legVerantwoordingAf", payload, decide)


class RisicoCommands:
    x: Executor

    def risico(self, programma: str, nummer: str, expected: int | None) -> Risico:
        r = self.x.load(Risico, risico_id(programma, nummer), f"risico {nummer}")
        self.x.expect_version(r, expected, f"risico {nummer}")
        return r

    def registreer_risico(
        self, command: Envelope, programma: str, nummer: str, omschrijving: str, maatregelen: list[str], eigenaar: str
    ) -> Saved:
        require_programmabureau(command.principal, "risico's registreren")

        def decide() -> list[Risico]:
            self.x.load(Programma, programma_id(programma), f"programma {programma}")
            if self.x.exists(risico_id(programma, nummer.strip())):
                raise ValidationFailed([Problem("nummer", f"risico {nummer} bestaat al")])
            return [Risico.registreer(programma, nummer, omschrijving, maatregelen, eigenaar)]

        payload = {"p": programma, "n": nummer, "o": omschrijving, "m": maatregelen, "e": eigenaar}
        return self.x.execute(command, "registreerRisico", payload, decide)

    def werk_risico_bij(
        self,
        command: Envelope,
        programma: str,
        nummer: str,
        *,
        omschrijving: str,
        maatregelen: list[str],
        eigenaar: str,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "risico's bijwerken")

        def decide() -> list[Risico]:
            r = self.risico(programma, nummer, expected_version)
            r.werk_bij(omschrijving, maatregelen, eigenaar)
            return [r]

        payload = {"p": programma, "n": nummer, "o": omschrijving, "m": maatregelen, "e": eigenaar}
        return self.x.execute(command, "werkRisicoBij", payload | {"v": expected_version}, decide)

    def wijzig_risicostatus(
        self, command: Envelope, programma: str, nummer: str, status: str, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "de status van risico's wijzigen")

        def decide() -> list[Risico]:
            r = self.risico(programma, nummer, expected_version)
            r.wijzig_status(status)
            return [r]

        payload = {"p": programma, "n": nummer, "s": status, "v": expected_version}
        return self.x.execute(command, "wijzigRisicostatus", payload, decide)

    def escaleer_risico(
        self, command: Envelope, programma: str, nummer: str, naar: str, reden: str, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "risico's escaleren")

        def decide() -> list[Risico]:
            r = self.risico(programma, nummer, expected_version)
            r.escaleer(naar, reden)
            return [r]

        payload = {"p": programma, "n": nummer, "naar": naar, "r": reden, "v": expected_version}
        return self.x.execute(command, "escaleerRisico", payload, decide)
