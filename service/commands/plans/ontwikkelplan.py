"""Commands on ontwikkelplannen, their ontwikkelpunten and regional points.

Authorization comes first, before anything is loaded, so that no answer
depends on data the actor may not see: a gemeente user addressing another
gemeente's plan gets the rule; addressing a point of another gemeente that it
cannot see (concept) gets the same "niet gevonden" as a point that does not
exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from domain.errors import InvalidTransition, NotAllowed, Problem, ValidationFailed
from domain.ontwikkelplan import AFGESLOTEN, Ontwikkelplan, plan_id
from domain.ontwikkelpunt import Kolommen, Ontwikkelpunt
from domain.plan_values import Planning, Stand
from domain.principal import Principal
from domain.regio import Regio, regio_id
from domain.regionaal import VERVALLEN, LokaleVoortgang, RegionaalOntwikkelpunt, voortgang_id
from service.access.authz import (
    plan_read_scope,
    require_gemeente_writer,
    require_regional_point_writer,
)
from service.commands.base import Command, Conflict, Executor, NotFound, Saved
from service.commands.programme.mijlpalen import check_besluit

PUNT_NIET_GEVONDEN = "ontwikkelpunt niet gevonden"


def today() -> dt.date:
    return dt.date.today()


class PlanCommands:
    def __init__(self, executor: Executor) -> None:
        self.x = executor

    # -- the plan -------------------------------------------------------------------
    def maak_plan(self, command: Command, regio: str, gemeente: str, periode: str, template_versie: str) -> Saved:
        require_gemeente_writer(command.principal, gemeente, "een ontwikkelplan maken")

        def decide() -> list[Ontwikkelplan]:
            registry = self.x.load(Regio, regio_id(regio), f"regio {regio}")
            naam = registry.gemeenten.get(gemeente)
            if naam is None:
                raise ValidationFailed([Problem("gemeente", f"{gemeente} is geen gemeente van regio {regio}")])
            problems: list[Problem] = []
            if self.x.exists(plan_id(gemeente, periode)):
                problems.append(Problem("periode", "deze gemeente heeft al een plan voor deze periode"))
            if problems:
                raise ValidationFailed(problems)
            return [Ontwikkelplan.maak(gemeente, naam, regio, periode, template_versie)]

        payload = {"regio": regio, "gemeente": gemeente, "periode": periode, "template": template_versie}
        return self.x.execute(command, "maakOntwikkelplan", payload, decide)

    def _edit_plan(
        self,
        command: Command,
        operation: str,
        gemeente: str,
        periode: str,
        expected_version: int | None,
        payload: Mapping[str, Any],
        change: Callable[[Ontwikkelplan], None],
    ) -> Saved:
        require_gemeente_writer(command.principal, gemeente, "het ontwikkelplan wijzigen")

        def decide() -> list[Ontwikkelplan]:
            plan = self.x.load(Ontwikkelplan, plan_id(gemeente, periode), "ontwikkelplan")
            self.x.expect_version(plan, expected_version, "het ontwikkelplan")
            check_besluit(self.x, command)
            change(plan)
            return [plan]

        full = {"gemeente": gemeente, "periode": periode, "expected": expected_version, **payload}
        return self.x.execute(command, operation, full, decide)

    def wijzig_kop(
        self,
        command: Command,
        gemeente: str,
        periode: str,
        expected_version: int | None,
        documenten: list[dict[str, Any]] | None,
        portefeuillehouders: list[str] | None,
        beleidsmedewerkers: list[str] | None,
        lokale_aanvullingen: str | None,
    ) -> Saved:
        payload = {"d": documenten, "p": portefeuillehouders, "b": beleidsmedewerkers, "l": lokale_aanvullingen}
        return self._edit_plan(
            command,
            "wijzigPlanKop",
            gemeente,
            periode,
            expected_version,
            payload,
            lambda plan: plan.wijzig_kop(documenten, portefeuillehouders, beleidsmedewerkers, lokale_aanvullingen),
        )

    def stel_plan_vast(
        self, command: Command, gemeente: str, periode: str, expected_version: int | None, datum: dt.date
    ) -> Saved:
        return self._edit_plan(
            command,
            "stelOntwikkelplanVast",
            gemeente,
            periode,
            expected_version,
            {"datum": datum},
            lambda plan: plan.stel_vast(datum),
        )

    def sluit_plan_af(
        self, command: Command, gemeente: str, periode: str, expected_version: int | None, datum: dt.date
    ) -> Saved:
        """Close a vastgesteld plan: it no longer changes."""
        return self._edit_plan(
            command,
            "sluitOntwikkelplanAf",
            gemeente,
            periode,
            expected_version,
            {"datum": datum},
            lambda plan: plan.sluit_af(datum),
        )

    # -- ontwikkelpunten ------------------------------------------------------------------
    def voeg_punt_toe(
        self,
        command: Command,
        *,
        gemeente: str,
        periode: str,
        basisfunctie: int | None,
        thema: str,
        doel: str,
        zelfscan_link: str | None,
        kolommen: Kolommen,
        punt_id: UUID | None = None,
    ) -> Saved:
        require_gemeente_writer(command.principal, gemeente, "een ontwikkelpunt toevoegen")
        new_id = punt_id or uuid.uuid4()

        def decide() -> list[Ontwikkelpunt]:
            plan = self.x.load(Ontwikkelplan, plan_id(gemeente, periode), "ontwikkelplan")
            if plan.status == AFGESLOTEN:
                raise InvalidTransition("dit ontwikkelplan is afgesloten en verandert niet meer")
            if punt_id is not None and self.x.exists(punt_id):
                raise ValidationFailed([Problem("id", "dit id is al in gebruik")])
            check_besluit(self.x, command)
            punt = Ontwikkelpunt.voeg_toe(
                id=new_id,
                plan_id=plan.id,
                gemeente=gemeente,
                periode=periode,
                template_versie=plan.template_versie,
                basisfunctie=basisfunctie,
                thema=thema,
                doel=doel,
                zelfscan_link=zelfscan_link,
                kolommen=kolommen,
                vandaag=today(),
            )
            return [punt]

        payload = {
            "gemeente": gemeente,
            "periode": periode,
            "bf": basisfunctie,
            "thema": thema,
            "doel": doel,
            "zelfscan": zelfscan_link,
            "kolommen": repr(kolommen),
            "id": str(punt_id) if punt_id else None,
        }
        return self.x.execute(command, "voegOntwikkelpuntToe", payload, decide)

    def _authorize_point(self, principal: Principal, punt: Ontwikkelpunt) -> None:
        if principal.has("programmabureau") or (principal.has("gemeente") and principal.gemeente == punt.gemeente):
            return
        plan = self.x.load(Ontwikkelplan, punt.plan_id, "ontwikkelplan")
        if not plan_read_scope(principal).sees(punt.gemeente, plan.status, punt.status):
            raise NotFound(PUNT_NIET_GEVONDEN)
        require_gemeente_writer(principal, punt.gemeente, "een ontwikkelpunt wijzigen")

    def edit_point(
        self,
        command: Command,
        operation: str,
        punt_id: UUID,
        expected_version: int | None,
        payload: Mapping[str, Any],
        change: Callable[[Ontwikkelpunt], object],
    ) -> Saved:
        """Load a point, check who may change it and the version, let it decide."""
        if not command.principal.has("programmabureau", "gemeente"):
            raise NotAllowed("deze rol mag ontwikkelpunten niet wijzigen")

        def decide() -> list[Ontwikkelpunt]:
            punt = self.x.load(Ontwikkelpunt, punt_id, "ontwikkelpunt")
            self._authorize_point(command.principal, punt)
            self.x.expect_version(punt, expected_version, "het ontwikkelpunt")
            check_besluit(self.x, command)
            change(punt)
            return [punt]

        full = {"id": str(punt_id), "expected": expected_version, **payload}
        return self.x.execute(command, operation, full, decide)

    # -- regional points -------------------------------------------------------------------
    def stel_regionaal_punt_vast(
        self,
        command: Command,
        *,
        regio: str,
        basisfunctie: int | None,
        thema: str,
        doel: str,
        beoogd_resultaat: str,
        indicatoren: list[str],
        punt_id: UUID | None = None,
    ) -> Saved:
        require_regional_point_writer(command.principal, "een regionaal ontwikkelpunt vaststellen")
        new_id = punt_id or uuid.uuid4()

        def decide() -> list[RegionaalOntwikkelpunt]:
            self.x.load(Regio, regio_id(regio), f"regio {regio}")
            check_besluit(self.x, command)
            return [
                RegionaalOntwikkelpunt.stel_vast(
                    id=new_id,
                    regio=regio,
                    basisfunctie=basisfunctie,
                    thema=thema,
                    doel=doel,
                    beoogd_resultaat=beoogd_resultaat,
                    indicatoren=indicatoren,
                )
            ]

        payload = {
            "regio": regio,
            "bf": basisfunctie,
            "thema": thema,
            "doel": doel,
            "r": beoogd_resultaat,
            "i": indicatoren,
            "id": str(punt_id) if punt_id else None,
        }
        return self.x.execute(command, "stelRegionaalOntwikkelpuntVast", payload, decide)

    def wijzig_regionaal_punt(
        self,
        command: Command,
        punt_id: UUID,
        expected_version: int | None,
        change: Callable[[RegionaalOntwikkelpunt], None],
        operation: str,
        payload: Mapping[str, Any],
    ) -> Saved:
        require_regional_point_writer(command.principal, "een regionaal ontwikkelpunt wijzigen")

        def decide() -> list[RegionaalOntwikkelpunt]:
            punt = self.x.load(RegionaalOntwikkelpunt, punt_id, "regionaal ontwikkelpunt")
            self.x.expect_version(punt, expected_version, "het regionale ontwikkelpunt")
            check_besluit(self.x, command)
            change(punt)
            return [punt]

        return self.x.execute(command, operation, {"id": str(punt_id), "e": expected_version, **payload}, decide)

    def werk_regionale_voortgang_bij(
        self,
        command: Command,
        *,
        punt_id: UUID,
        gemeente: str,
        expected_version: int | None,
        stand: Stand | None,
        uitvoerder: str | None,
        planning: Planning | None,
    ) -> Saved:
        require_gemeente_writer(command.principal, gemeente, "voortgang op een regionaal ontwikkelpunt melden")

        def decide() -> list[LokaleVoortgang]:
            punt = self.x.load(RegionaalOntwikkelpunt, punt_id, "regionaal ontwikkelpunt")
            if punt.status == VERVALLEN:
                raise InvalidTransition("dit regionale ontwikkelpunt is vervallen")
            if gemeente not in self.x.load(Regio, regio_id(punt.regio), "regio").gemeenten:
                raise ValidationFailed([Problem("gemeente", "hoort niet bij de regio van dit ontwikkelpunt")])
            voortgang = self._voortgang(punt, gemeente, expected_version)
            voortgang.werk_bij(stand, uitvoerder, planning, today())
            return [voortgang]

        payload = {
            "id": str(punt_id),
            "g": gemeente,
            "e": expected_version,
            "s": repr(stand),
            "u": uitvoerder,
            "p": repr(planning),
        }
        return self.x.execute(command, "werkRegionaleVoortgangBij", payload, decide)

    def _voortgang(self, punt: RegionaalOntwikkelpunt, gemeente: str, expected: int | None) -> LokaleVoortgang:
        vid = voortgang_id(punt.id, gemeente)
        if self.x.exists(vid):
            voortgang = self.x.load(LokaleVoortgang, vid, "voortgang")
            self.x.expect_version(voortgang, expected, "de voortgang")
            return voortgang
        if expected:
            raise Conflict("er is nog geen voortgang gemeld (versie 0)", current_version=0)
        return LokaleVoortgang(punt_id=punt.id, regio=punt.regio, gemeente=gemeente)
