"""The one classification of every domain event into Plan, Do, Check or Act.

The Leidraad asks opdrachtgever and lokaal team to go through the PDCA cycle
"telkens opnieuw". Every event type of every aggregate is classified here, by
its stored name ``Aggregate.Event`` (the class's ``__qualname__``):

* **Plan**: defining scope, goal, result, sub-steps, planning, cost, roles;
* **Do**: carrying it out: a step done, a phase started or finished, a
  milestone reached, a status update;
* **Check**: looking back: discussed in an overleg, evaluated, measured,
  progress reported, a stand van zaken recorded;
* **Act**: changing course: planning moved, goal reworded, an improvement
  point or action, a decision that changes direction, a structure adjusted.

``tests/unit/test_pdca.py`` fails when an event class in ``domain/`` is not
classified here (or a name here no longer exists), so a new event cannot
escape. The audit projection stores the phase with each audit row; after
changing a classification, rebuild the views (``voortgang rebuild``).
Technical records (idempotency) are not domain events and are not classified.
"""

from __future__ import annotations

from domain.vocabulary import PdcaFase

Phase = PdcaFase

PHASES: tuple[Phase, ...] = tuple(PdcaFase)

NOT_CLASSIFIED = frozenset({"IdempotencyRecord"})
"""Aggregates whose events are technical, not changes in the world."""

_BY_PHASE: dict[Phase, tuple[str, ...]] = {
    PdcaFase.PLAN: (
        "Begroting.FinancieringsbronToegevoegd",
        "Begroting.Opgesteld",
        "Begroting.RegelVastgelegd",
        "Begroting.VersieVastgesteld",
        "Besluit.Doorgeleid",
        "Besluit.Geagendeerd",
        "Besluit.Gekoppeld",
        "Besluit.Voorgesteld",
        "Gremium.Ingesteld",
        "Gremium.VoorgangersOpgenomen",
        "LokaleVoortgang.PlanningVastgelegd",
        "LokaleVoortgang.UitvoerderVastgelegd",
        "Mandaatregeling.Vastgesteld",
        "Mijlpaal.AfhankelijkheidToegevoegd",
        "Mijlpaal.Gepland",
        "MijlpaalInstantie.Aangemaakt",
        "Ontwikkelplan.Aangemaakt",
        "Ontwikkelplan.DocumentenVastgelegd",
        "Ontwikkelplan.LokaleAanvullingenVastgelegd",
        "Ontwikkelplan.Vastgesteld",
        "Ontwikkelplan.VerantwoordelijkenVastgelegd",
        "Ontwikkelpunt.AndersLerenDoenVastgelegd",
        "Ontwikkelpunt.BeoogdResultaatVastgelegd",
        "Ontwikkelpunt.DeelstapToegevoegd",
        "Ontwikkelpunt.DoelGeformuleerd",
        "Ontwikkelpunt.KostenVastgelegd",
        "Ontwikkelpunt.PlanningVastgelegd",
        "Ontwikkelpunt.Toegevoegd",
        "Ontwikkelpunt.UitvoerderVastgelegd",
        "Ontwikkelpunt.Vastgesteld",
        "Overleg.AgendapuntToegevoegd",
        "Overleg.Gepland",
        "Programma.FaseGepland",
        "Programma.Gestart",
        "Programma.InitiatiefGekoppeld",
        "Programma.OpdrachtgeverschapVastgelegd",
        "Project.DoelVastgesteld",
        "Project.LokalePlanningVastgelegd",
        "Project.MijlpalenplanningVastgesteld",
        "Project.Opgenomen",
        "Project.ProjectleiderToegewezen",
        "Regio.GemeenteGeregistreerd",
        "Regio.Geregistreerd",
        "RegionaalOntwikkelpunt.Vastgesteld",
        "Voorstel.Geopend",
    ),
    PdcaFase.DO: (
        "Begroting.RealisatieGeboekt",
        "Besluit.WooStatusGewijzigd",
        "LokaleVoortgang.Gestart",
        "Mijlpaal.Behaald",
        "MijlpaalInstantie.Behaald",
        "Ontwikkelpunt.Afgerond",
        "Ontwikkelpunt.DeelstapAfgerond",
        "Ontwikkelpunt.InUitvoeringGenomen",
        "Overleg.AanwezigheidVastgelegd",
        "Programma.FaseAfgerond",
        "Programma.FaseGestart",
        "Project.FaseGewijzigd",
    ),
    PdcaFase.CHECK: (
        "Begroting.VerantwoordingAfgelegd",
        "Besluit.Aangehouden",
        "Besluit.AdviesUitgebracht",
        "LokaleVoortgang.StandVanZakenBijgewerkt",
        "Ontwikkelplan.Afgesloten",
        "Ontwikkelpunt.StandVanZakenBijgewerkt",
        "Overleg.Gehouden",
        "Overleg.NotulenVastgelegd",
        "Overleg.RapportageOntvangen",
        "Project.VoortgangGerapporteerd",
        "Risico.Geregistreerd",
        "Voorstel.Behandeld",
    ),
    PdcaFase.ACT: (
        "Besluit.Gecorrigeerd",
        "Besluit.Genomen",
        "Besluit.Verworpen",
        "Gremium.CadansGewijzigd",
        "Gremium.Opgeheven",
        "Gremium.VoorzitterGewijzigd",
        "Gremium.ZetelToegevoegd",
        "Gremium.ZetelVervallen",
        "Mandaatregeling.Gewijzigd",
        "Mijlpaal.Verplaatst",
        "Mijlpaal.Vervallen",
        "MijlpaalInstantie.Verplaatst",
        "MijlpaalInstantie.Vervallen",
        "Ontwikkelpunt.DeelstapHerformuleerd",
        "Ontwikkelpunt.DeelstappenHerordend",
        "Ontwikkelpunt.PlanningAangepast",
        "Ontwikkelpunt.VerbeteractieOmschreven",
        "Ontwikkelpunt.Vervallen",
        "Overleg.Geannuleerd",
        "Project.DoelBijgesteld",
        "RegionaalOntwikkelpunt.Herformuleerd",
        "RegionaalOntwikkelpunt.Vervallen",
        "Risico.Bijgewerkt",
        "Risico.Geescaleerd",
        "Risico.StatusGewijzigd",
    ),
}

CLASSIFICATION: dict[str, Phase] = {name: phase for phase, names in _BY_PHASE.items() for name in names}
"""Event name (``Aggregate.Event``) → PDCA phase."""


def phase_of(event_name: str) -> Phase | None:
    """The phase of an event type, by its ``__qualname__``; None if unclassified."""
    return CLASSIFICATION.get(event_name)
