"""Commands on mijlpalen and their per-gemeente instances.

Who writes: the programme office everything; the projectleider the
milestones of its own project (and their instances); a gemeente its own
local instances and the milestones of its own ontwikkelpunten (and their
deelstappen, owner id ``<ontwikkelpunt-id>/<deelstap-id>``). A reschedule made on a besluit's authority carries the
besluit id in its metadata and needs a genomen besluit.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from domain.errors import Problem, ValidationFailed
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie, instantie_id
from domain.ontwikkelplan import Ontwikkelplan
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.principal import Principal
from domain.programma import Programma, programma_id
from domain.project import Project, project_id
from service.access.authority import check_besluit
from service.access.authz import (
    plan_read_scope,
    require_gemeente_writer,
    require_instance_writer,
    require_programmabureau,
    require_project_writer,
)
from service.commands.base import Envelope, Executor, NotFound, Saved


def writes_point(principal: Principal, punt: Ontwikkelpunt) -> bool:
    """Who may hang a milestone on a point: the programme office and the point's own gemeente."""
    return principal.has("programmabureau") or (principal.has("gemeente") and principal.gemeente == punt.gemeente)


def punt_eigenaar(x: Executor, soort: str, eigenaar: str, writer: Principal | None = None) -> Ontwikkelpunt:
    """The ontwikkelpunt that owns a milestone of an ontwikkelpunt or one of its deelstappen.

    With ``writer``: a point that principal may not write is answered exactly
    like a point that does not exist, so no one can probe which points exist."""
    punt_deel, _, deelstap = eigenaar.strip().partition("/")
    try:
        punt_id = UUID(punt_deel)
    except ValueError:
        raise ValidationFailed([Problem("eigenaar", "geen geldig id van een ontwikkelpunt")]) from None
    punt = x.load(Ontwikkelpunt, punt_id, "ontwikkelpunt")
    if writer is not None and not writes_point(writer, punt):
        raise NotFound("ontwikkelpunt niet gevonden")
    if soort == "deelstap" and deelstap not in punt.deelstappen:
        raise ValidationFailed([Problem("eigenaar", "een deelstap: <ontwikkelpunt-id>/<deelstap-id> die bestaat")])
    return punt


def require_visible_owner(x: Executor, principal: Principal, mijlpaal: Mijlpaal, what: str = "mijlpaal") -> None:
    """A milestone on a point the principal may not see is answered exactly like
    a milestone that does not exist (no probing which concept points exist);
    ``what`` names it as :meth:`Executor.load` did (``NotFound("<what> niet gevonden")``)."""
    if mijlpaal.eigenaar_soort not in ("ontwikkelpunt", "deelstap"):
        return
    punt = punt_eigenaar(x, mijlpaal.eigenaar_soort, mijlpaal.eigenaar_id)
    scope = plan_read_scope(principal)
    if scope.sees_fully(punt.gemeente):
        return
    plan = x.load(Ontwikkelplan, punt.plan_id, "ontwikkelplan")
    if not scope.sees(punt.gemeente, plan.status, punt.status):
        raise NotFound(f"{what} niet gevonden")


def require_mijlpaal_writer(x: Executor, principal: Principal, mijlpaal: Mijlpaal, action: str) -> None:
    if mijlpaal.eigenaar_soort == "project":
        require_project_writer(principal, mijlpaal.project, action)
    elif mijlpaal.eigenaar_soort in ("ontwikkelpunt", "deelstap") and not principal.has("programmabureau"):
        punt = punt_eigenaar(x, mijlpaal.eigenaar_soort, mijlpaal.eigenaar_id)
        require_gemeente_writer(principal, punt.gemeente, action)
    else:
        require_programmabureau(principal, action)


class MijlpaalCommands:
    x: Executor

    def _owner(
        self, command: Envelope, soort: str, eigenaar: str, programma: str | None
    ) -> tuple[str, str | None, str | None]:
        """(eigenaar id, programma, project) of a new milestone, authorized."""
        if soort == "project":
            require_project_writer(command.principal, eigenaar, "mijlpalen plannen")
            project = self.x.load(Project, project_id(eigenaar), f"project {eigenaar}")
            return str(project.id), project.programma, project.code
        if soort in ("ontwikkelpunt", "deelstap"):
            punt_eigenaar(self.x, soort, eigenaar, writer=command.principal)
            if programma is not None:
                self.x.load(Programma, programma_id(programma), f"programma {programma}")
            return eigenaar.strip(), programma, None
        require_programmabureau(command.principal, "mijlpalen plannen")
        if soort == "programma":
            p = self.x.load(Programma, programma_id(eigenaar), f"programma {eigenaar}")
            return str(p.id), p.code, None
        if programma is not None:
            self.x.load(Programma, programma_id(programma), f"programma {programma}")
        return eigenaar, programma, None

    def plan_mijlpaal(
        self,
        command: Envelope,
        *,
        titel: str,
        soort: str,
        eigenaar_soort: str,
        eigenaar: str,
        programma: str | None,
        datum: dt.date,
        precisie: str,
        omschrijving: str,
        start: dt.date | None = None,
        start_precisie: str | None = None,
    ) -> Saved:
        """A milestone, or with ``start`` an activity over a period (from ``start`` to ``datum``)."""

        def decide() -> list[Mijlpaal]:
            owner_id, prog, project = self._owner(command, eigenaar_soort, eigenaar, programma)
            return [
                Mijlpaal.plan(
                    titel=titel,
                    soort=soort,
                    eigenaar_soort=eigenaar_soort,
                    eigenaar_id=owner_id,
                    programma=prog,
                    project=project,
                    datum=datum,
                    precisie=precisie,
                    omschrijving=omschrijving,
                    start=start,
                    start_precisie=start_precisie,
                )
            ]

        payload = {"t": titel, "s": soort, "es": eigenaar_soort, "e": eigenaar, "p": programma, "d": datum}
        payload |= {"pr": precisie, "o": omschrijving}
        if start is not None:  # a milestone's payload (and so its idempotency key) stays as before
            payload |= {"st": start, "stp": start_precisie}
        return self.x.execute(command, "planMijlpaal", payload, decide)

    def mijlpaal(self, command: Envelope, mijlpaal_id: UUID, expected: int | None, action: str) -> Mijlpaal:
        m = self.x.load(Mijlpaal, mijlpaal_id, "mijlpaal")
        require_visible_owner(self.x, command.principal, m)
        require_mijlpaal_writer(self.x, command.principal, m, action)
        self.x.expect_version(m, expected, "mijlpaal")
        return m

    def verplaats_mijlpaal(
        self,
        command: Envelope,
        mijlpaal_id: UUID,
        *,
        naar: dt.date,
        precisie: str,
        reden_categorie: str,
        reden: str,
        expected_version: int | None,
    ) -> Saved:
        def decide() -> list[Mijlpaal]:
            m = self.mijlpaal(command, mijlpaal_id, expected_version, "mijlpalen verplaatsen")
            check_besluit(self.x, command)
            m.verplaats(naar, precisie, reden_categorie, reden)
            return [m]

        payload = {"m": mijlpaal_id, "n": naar, "p": precisie, "c": reden_categorie, "r": reden, "v": expected_version}
        return self.x.execute(command, "verplaatsMijlpaal", payload, decide)

    def behaal_mijlpaal(
        self, command: Envelope, mijlpaal_id: UUID, datum: dt.date, expected_version: int | None
    ) -> Saved:
        def decide() -> list[Mijlpaal]:
            m = self.mijlpaal(command, mijlpaal_id, expected_version, "mijlpalen als behaald melden")
            m.behaal(datum)
            return [m]

        payload = {"m": mijlpaal_id, "d": datum, "v": expected_version}
        return self.x.execute(command, "behaalMijlpaal", payload, decide)

    def laat_mijlpaal_vervallen(
        self, command: Envelope, mijlpaal_id: UUID, reden: str, expected_version: int | None
    ) -> Saved:
        def decide() -> list[Mijlpaal]:
            m = self.mijlpaal(command, mijlpaal_id, expected_version, "mijlpalen laten vervallen")
            check_besluit(self.x, command)
            m.laat_vervallen(reden)
            return [m]

        payload = {"m": mijlpaal_id, "r": reden, "v": expected_version}
        return self.x.execute(command, "laatMijlpaalVervallen", payload, decide)

    def voeg_afhankelijkheid_toe(
        self, command: Envelope, mijlpaal_id: UUID, voorganger_id: UUID, expected_version: int | None
    ) -> Saved:
        def decide() -> list[Mijlpaal]:
            m = self.mijlpaal(command, mijlpaal_id, expected_version, "afhankelijkheden vastleggen")
            voorganger = self.x.load(Mijlpaal, voorganger_id, "voorganger")
            require_visible_owner(self.x, command.principal, voorganger, "voorganger")
            m.voeg_afhankelijkheid_toe(voorganger)
            return [m]

        payload = {"m": mijlpaal_id, "vg": voorganger_id, "v": expected_version}
        return self.x.execute(command, "voegAfhankelijkheidToe", payload, decide)

    def maak_lokale_instanties(self, command: Envelope, mijlpaal_id: UUID, gemeenten: list[str]) -> Saved:
        """Give a milestone an instance per gemeente; each then moves at its own pace."""

        def decide() -> list[Mijlpaal | MijlpaalInstantie]:
            m = self.mijlpaal(command, mijlpaal_id, None, "lokale mijlpalen aanmaken")
            problems = [
                Problem("gemeenten", f"{g} heeft al een instantie")
                for g in gemeenten
                if self.x.exists(instantie_id(m.id, g))
            ]
            if m.programma is not None:
                leden = self.x.load(Programma, programma_id(m.programma), "programma").opdrachtgevers
                problems += [
                    Problem("gemeenten", f"{g} is geen opdrachtgever van het programma")
                    for g in gemeenten
                    if g not in leden
                ]
            if not gemeenten or len(set(gemeenten)) != len(gemeenten):
                problems.append(Problem("gemeenten", "minstens één, zonder dubbelen"))
            if problems:
                raise ValidationFailed(problems)
            return [m, *(MijlpaalInstantie.maak(m, g) for g in gemeenten)]

        return self.x.execute(command, "maakLokaleInstanties", {"m": mijlpaal_id, "g": gemeenten}, decide)

    def instantie(
        self, command: Envelope, mijlpaal_id: UUID, gemeente: str, expected: int | None, action: str
    ) -> MijlpaalInstantie:
        parent = self.x.load(Mijlpaal, mijlpaal_id, "mijlpaal")
        require_visible_owner(self.x, command.principal, parent)
        require_instance_writer(command.principal, gemeente, parent.project, action)
        inst = self.x.load(MijlpaalInstantie, instantie_id(mijlpaal_id, gemeente), f"lokale mijlpaal van {gemeente}")
        self.x.expect_version(inst, expected, f"lokale mijlpaal van {gemeente}")
        return inst

    def verplaats_instantie(
        self,
        command: Envelope,
        mijlpaal_id: UUID,
        gemeente: str,
        *,
        naar: dt.date,
        precisie: str,
        reden_categorie: str,
        reden: str,
        expected_version: int | None,
    ) -> Saved:
        def decide() -> list[MijlpaalInstantie]:
            inst = self.instantie(command, mijlpaal_id, gemeente, expected_version, "verplaatsen")
            check_besluit(self.x, command)
            inst.verplaats(naar, precisie, reden_categorie, reden)
            return [inst]

        payload = {"m": mijlpaal_id, "g": gemeente, "n": naar, "p": precisie, "c": reden_categorie, "r": reden}
        return self.x.execute(command, "verplaatsLokaleMijlpaal", payload | {"v": expected_version}, decide)

    def behaal_instantie(
        self, command: Envelope, mijlpaal_id: UUID, gemeente: str, datum: dt.date, expected_version: int | None
    ) -> Saved:
        def decide() -> list[MijlpaalInstantie]:
            inst = self.instantie(command, mijlpaal_id, gemeente, expected_version, "als behaald melden")
            inst.behaal(datum)
            return [inst]

        payload = {"m": mijlpaal_id, "g": gemeente, "d": datum, "v": expected_version}
        return self.x.execute(command, "behaalLokaleMijlpaal", payload, decide)

    def laat_instantie_vervallen(
        self, command: Envelope, mijlpaal_id: UUID, gemeente: str, reden: str, expected_version: int | None
    ) -> Saved:
        def decide() -> list[MijlpaalInstantie]:
            inst = self.instantie(command, mijlpaal_id, gemeente, expected_version, "laten vervallen")
            inst.laat_vervallen(reden)
            return [inst]

        payload = {"m": mijlpaal_id, "g": gemeente, "r": reden, "v": expected_version}
        return self.x.execute(command, "laatLokaleMijlpaalVervallen", payload, decide)
