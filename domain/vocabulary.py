"""Every closed list of the domain, defined once.

Each list is a :class:`Vocabulary` (a ``StrEnum``): a member *is* its stored
string, so events keep the values they always had (no event rewrite) and a
value read back from an event or a view compares equal to the member. The
aggregates validate with these enums, the projections use their members, and
GraphQL exposes the very same classes (``service/graphql/vocabulary.py`` wraps
them with ``strawberry.enum``; the GraphQL names are the member names, in
SCREAMING_CASE). Add a value here and every layer knows it; the meaning of
each term is in docs/glossary.md.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A closed list whose members are the stored strings."""

    @classmethod
    def has(cls, value: object) -> bool:
        """Is ``value`` one of the stored strings of this list?"""
        return isinstance(value, str) and value in cls._value2member_map_

    @classmethod
    def choices(cls) -> str:
        """The stored strings for a validation message: ``a, b of c``."""
        values = [m.value for m in cls]
        return f"{', '.join(values[:-1])} of {values[-1]}" if len(values) > 1 else values[0]


# --- plans -------------------------------------------------------------------


class OntwikkelpuntStatus(Vocabulary):
    """Levenscyclus van een ontwikkelpunt."""

    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"
    IN_UITVOERING = "in_uitvoering"
    AFGEROND = "afgerond"
    VERVALLEN = "vervallen"


class PlanStatus(Vocabulary):
    """Levenscyclus van een ontwikkelplan."""

    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"
    AFGESLOTEN = "afgesloten"


class Voortgangssignaal(Vocabulary):
    """Voortgangssignaal bij een stand van zaken (ontwikkelpunt en project)."""

    OP_KOERS = "op_koers"
    AANDACHT_NODIG = "aandacht_nodig"
    ACHTER = "achter"


class PlanningPrecisie(Vocabulary):
    """Hoe precies een datum bekend is (het template vraagt meer dan jaar of kwartaal)."""

    DAG = "dag"
    MAAND = "maand"
    KWARTAAL = "kwartaal"
    JAAR = "jaar"


class DocumentNiveau(Vocabulary):
    """Niveau van een grondslagdocument."""

    LANDELIJK = "landelijk"
    REGIONAAL = "regionaal"
    LOKAAL = "lokaal"


# --- governance --------------------------------------------------------------


class BesluitStatus(Vocabulary):
    """Levenscyclus van een besluit."""

    VOORGESTELD = "voorgesteld"
    GEAGENDEERD = "geagendeerd"
    GENOMEN = "genomen"
    VERWORPEN = "verworpen"
    AANGEHOUDEN = "aangehouden"
    DOORGELEID = "doorgeleid"


class Standpunt(Vocabulary):
    """Het standpunt van een advies."""

    POSITIEF = "positief"
    NEGATIEF = "negatief"
    MET_VOORBEHOUD = "met_voorbehoud"
    MET_OPMERKINGEN = "met_opmerkingen"


class AdviseurSoort(Vocabulary):
    """Wie een advies gaf: een gremium of een organisatie."""

    GREMIUM = "gremium"
    ORGANISATIE = "organisatie"


class KoppelSoort(Vocabulary):
    """Soort object waaraan een besluit gekoppeld is."""

    ONTWIKKELPUNT = "ontwikkelpunt"
    REGIONAAL_PUNT = "regionaal_punt"
    PROJECT = "project"
    MIJLPAAL = "mijlpaal"
    BEGROTINGSREGEL = "begrotingsregel"
    PROGRAMMA = "programma"
    GREMIUM = "gremium"
    MANDAATREGELING = "mandaatregeling"


class Uitkomst(Vocabulary):
    """De uitkomst van één beslispunt; ``open`` tot het besluit genomen is (niet als invoer)."""

    OPEN = "open"
    AANGENOMEN = "aangenomen"
    GEAMENDEERD = "geamendeerd"
    VERWORPEN = "verworpen"
    AANGEHOUDEN = "aangehouden"


class Publicatiestatus(Vocabulary):
    """De Woo-publicatiestatus van een besluit."""

    TE_PUBLICEREN = "te_publiceren"
    GEPUBLICEERD = "gepubliceerd"
    NIET_OPENBAAR = "niet_openbaar"


class BesluitRelatie(Vocabulary):
    """Hoe een besluit een object betreft: het wijzigde het (effect) of koppelt het."""

    EFFECT = "effect"
    KOPPELING = "koppeling"


class Kaderfilter(Vocabulary):
    """Filter van de besluitenlijst op de kaders die een besluit raakt."""

    INHOUDELIJK = "inhoudelijk"
    FINANCIEEL = "financieel"
    EEN_VAN_BEIDE = "een_van_beide"
    GEEN = "geen"


class BesluitstapSoort(Vocabulary):
    """Een stap in de geschiedenis van een besluit (de gebeurtenis van het besluit)."""

    VOORGESTELD = "Voorgesteld"
    ADVIES_UITGEBRACHT = "AdviesUitgebracht"
    GEAGENDEERD = "Geagendeerd"
    GENOMEN = "Genomen"
    VERWORPEN = "Verworpen"
    AANGEHOUDEN = "Aangehouden"
    DOORGELEID = "Doorgeleid"
    GECORRIGEERD = "Gecorrigeerd"
    WOO_STATUS_GEWIJZIGD = "WooStatusGewijzigd"
    GEKOPPELD = "Gekoppeld"


class GremiumType(Vocabulary):
    """Soort gremium (overlegorgaan), in de volgorde van de mandaatmatrix."""

    BESTUURLIJK = "bestuurlijk"
    AMBTELIJK = "ambtelijk"
    UITVOEREND = "uitvoerend"
    ADVIES = "advies"
    COORDINATIE = "coordinatie"
    LOKAAL = "lokaal"


class GremiumStatus(Vocabulary):
    """Of een gremium bestaat of is opgeheven."""

    ACTIEF = "actief"
    OPGEHEVEN = "opgeheven"


class BesluitSoort(Vocabulary):
    """Soort besluit in de mandaatregeling (binnen of buiten de kaders)."""

    BINNEN_KADERS = "binnen_kaders"
    KADER_INHOUDELIJK = "kader_inhoudelijk"
    KADER_FINANCIEEL = "kader_financieel"


class Bevoegdheid(Vocabulary):
    """Wat een gremium met een soort besluit mag."""

    BESLUIT = "besluit"
    ADVIES = "advies"
    GEEN = "geen"


class AgendaSoort(Vocabulary):
    """Soort agendapunt van een overleg."""

    ONDERWERP = "onderwerp"
    ONTWIKKELPUNT = "ontwikkelpunt"
    MIJLPAAL = "mijlpaal"
    PROJECT = "project"
    BESLUIT = "besluit"
    RAPPORTAGE = "rapportage"


class RapportageSoort(Vocabulary):
    """Soort rapportage die een overleg ontving."""

    VOORTGANG = "voortgang"
    BUDGET = "budget"
    FINANCIELE_VERANTWOORDING = "financiele_verantwoording"
    ADVIES = "advies"
    OVERIG = "overig"


class OverlegStatus(Vocabulary):
    """Levenscyclus van een overleg."""

    GEPLAND = "gepland"
    GEHOUDEN = "gehouden"
    GEANNULEERD = "geannuleerd"


# --- programme ---------------------------------------------------------------


class ProgrammaFase(Vocabulary):
    """Fase van een programma of project, in volgorde."""

    INITIATIE = "initiatie"
    DEFINITIE = "definitie"
    ONTWERP = "ontwerp"
    REALISATIE = "realisatie"
    NAZORG = "nazorg"


class FaseStatus(Vocabulary):
    """Waar een programmafase staat: gepland (nog niet gestart), lopend of afgerond."""

    GEPLAND = "gepland"
    LOPEND = "lopend"
    AFGEROND = "afgerond"


class ProjectSoort(Vocabulary):
    """Projectlijn of deelproject."""

    PROJECTLIJN = "projectlijn"
    DEELPROJECT = "deelproject"


class ProjectHerkomst(Vocabulary):
    """Bestond het project al of is het nieuw in het programma?"""

    BESTAAND = "bestaand"
    NIEUW = "nieuw"


class RisicoStatus(Vocabulary):
    """Levenscyclus van een risico."""

    OPEN = "open"
    BEHEERST = "beheerst"
    OPGETREDEN = "opgetreden"
    GESLOTEN = "gesloten"


class RisicowijzigingSoort(Vocabulary):
    """Soort wijziging in de historie van een risico."""

    GEREGISTREERD = "geregistreerd"
    BIJGEWERKT = "bijgewerkt"
    STATUS = "status"
    GEESCALEERD = "geescaleerd"


class MijlpaalSoort(Vocabulary):
    """Soort mijlpaal."""

    DOCUMENT_VASTGESTELD = "document_vastgesteld"
    CONVENANT_GETEKEND = "convenant_getekend"
    BIJEENKOMST = "bijeenkomst"
    KICK_OFF = "kick_off"
    LEERBIJEENKOMST = "leerbijeenkomst"
    REGIONALE_PROGRAMMABIJEENKOMST = "regionale_programmabijeenkomst"
    TERUGKOMBIJEENKOMST = "terugkombijeenkomst"
    OVERLEG = "overleg"
    RAPPORTAGE = "rapportage"
    FINANCIELE_VERANTWOORDING = "financiele_verantwoording"
    TRAINING = "training"
    EXTERN = "extern"
    OVERIG = "overig"


class EigenaarSoort(Vocabulary):
    """Van wie een mijlpaal is."""

    PROGRAMMA = "programma"
    PROJECT = "project"
    ONTWIKKELPUNT = "ontwikkelpunt"
    DEELSTAP = "deelstap"


class PlanningStatus(Vocabulary):
    """Status van een mijlpaal (``vertraagd`` is afgeleid uit prognose na basislijn)."""

    GEPLAND = "gepland"
    BEHAALD = "behaald"
    VERTRAAGD = "vertraagd"
    VERVALLEN = "vervallen"


class PlanningVorm(Vocabulary):
    """Een moment (mijlpaal) of een balk van start tot eind (activiteit)."""

    MIJLPAAL = "mijlpaal"
    ACTIVITEIT = "activiteit"


class RedenCategorie(Vocabulary):
    """Waarom een mijlpaal verschoof."""

    BESLUIT = "besluit"
    CAPACITEIT = "capaciteit"
    AFHANKELIJKHEID = "afhankelijkheid"
    EXTERNE_FACTOR = "externe_factor"
    INHOUDELIJK = "inhoudelijk"
    LOKAAL_TEMPO = "lokaal_tempo"
    OVERIG = "overig"


# --- history -----------------------------------------------------------------


class PdcaFase(Vocabulary):
    """De fase van de PDCA-cyclus waarin een gebeurtenis valt."""

    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"


class AuditActie(Vocabulary):
    """De actie van een auditregel (ZGW): aanmaken, wijzigen of beëindigen."""

    CREATE = "create"
    PARTIAL_UPDATE = "partial_update"
    DESTROY = "destroy"
