"""Commands on besluiten: proposed, advised, tabled, taken (within the
mandate), rejected, deferred, escalated, corrected and published. Recorded by
the programme office or the secretaris of the body that holds the besluit."""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from domain.base import VoortgangAggregate
from domain.besluit import Besluit, besluit_id
from domain.errors import InvalidTransition, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.mandaat import GEEN_REGEL, GremiumFeit, Mandaatregeling, MandateRefused, beoordeel, mandaat_id
from domain.overleg import Overleg
from domain.principal import Principal
from domain.voorstel import Voorstel, voorstel_id
from service.access.authz import require_secretariaat
from service.commands.base import Command, Envelope, Executor


@dataclass(frozen=True, kw_only=True)
class StelBesluitVoor(Command):
    operation: ClassVar[str] = "stelBesluitVoor"
    regio: str
    kenmerk: str
    onderwerp: str
    gremium: str
    beslispunten: list[str]
    overwegingen: list[str] | None = None
    voorstel: str | None = None
    kader_inhoudelijk: bool = False
    kader_financieel: bool = False
    betreft_gemeenten: list[str] | None = None
    koppelingen: list[dict[str, str]] | None = None
    """Each ``{"soort", "id"}``."""

    def authorize(self, principal: Principal) -> None:
        require_secretariaat(principal, self.gremium, "een besluit voorstellen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Besluit]:
        gremium = x.load(Gremium, gremium_id(self.gremium), f"gremium {self.gremium}")
        if gremium.regio != self.regio:
            raise ValidationFailed([Problem("gremium", f"{gremium.code} is geen gremium van regio {self.regio}")])
        if x.exists(besluit_id(self.regio.strip(), self.kenmerk.strip())):
            raise ValidationFailed([Problem("kenmerk", f"besluit {self.kenmerk} bestaat al in deze regio")])
        besluit = Besluit.stel_voor(
            regio=self.regio,
            kenmerk=self.kenmerk,
            onderwerp=self.onderwerp,
            gremium=self.gremium,
            beslispunten=list(self.beslispunten),
            overwegingen=self.overwegingen,
            voorstel=self.voorstel,
            kader_inhoudelijk=self.kader_inhoudelijk,
            kader_financieel=self.kader_financieel,
            betreft_gemeenten=self.betreft_gemeenten,
            koppelingen=self.koppelingen,
        )
        return [besluit]


@dataclass(frozen=True, kw_only=True)
class BesluitWijziging(Command):
    """A step in a besluit's life, recorded by its body's secretaris or the programme office."""

    besluit: UUID
    expected_version: int | None = None

    def decide(self, x: Executor, envelope: Envelope) -> list[VoortgangAggregate]:
        b = x.load(Besluit, self.besluit, "besluit")
        require_secretariaat(envelope.principal, b.gremium, "dit besluit vastleggen")
        x.expect_version(b, self.expected_version, f"besluit {b.kenmerk}")
        return [b, *self.change(x, b)]

    @abstractmethod
    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        """The besluit decides; returns the other aggregates it changed."""


def mandaat(x: Executor, regio: str) -> Mandaatregeling:
    if not x.exists(mandaat_id(regio)):
        raise MandateRefused(f"mandaatregel {GEEN_REGEL}: regio {regio} heeft geen mandaatregeling", GEEN_REGEL)
    return x.load(Mandaatregeling, mandaat_id(regio), f"mandaatregeling {regio}")


def feit(x: Executor, code: str) -> GremiumFeit:
    return GremiumFeit.van(x.load(Gremium, gremium_id(code), f"gremium {code}"))


def behandeld(x: Executor, b: Besluit) -> Callable[[str, dt.date], bool]:
    """Which bodies already dealt with the besluit's voorstel (and when)."""
    if b.voorstel is None or not x.exists(voorstel_id(b.regio, b.voorstel)):
        return lambda code, datum: False
    return x.load(Voorstel, voorstel_id(b.regio, b.voorstel), "voorstel").behandeld_door


def registreer(x: Executor, b: Besluit, uitkomst: str) -> list[VoortgangAggregate]:
    """Record the outcome on the voorstel the besluit answers (created on its first outcome)."""
    if b.voorstel is None or b.datum is None:
        return []
    vid = voorstel_id(b.regio, b.voorstel)
    voorstel = x.load(Voorstel, vid, "voorstel") if x.exists(vid) else Voorstel(regio=b.regio, referentie=b.voorstel)
    voorstel.registreer(b.gremium, b.id, uitkomst, b.datum)
    return [voorstel]


def require_target(x: Executor, b: Besluit, naar: str) -> None:
    target = x.load(Gremium, gremium_id(naar), f"gremium {naar}")
    if target.regio != b.regio:
        raise ValidationFailed([Problem("naar", f"{naar} is geen gremium van regio {b.regio}")])
    if not target.actief:
        raise InvalidTransition(f"gremium {naar} is opgeheven en neemt geen besluiten")


@dataclass(frozen=True, kw_only=True)
class GeefAdvies(BesluitWijziging):
    """An advice beforehand; a gremium advises only where its mandate lets it."""

    operation: ClassVar[str] = "geefAdvies"
    adviseur: str
    soort: str
    standpunt: str
    toelichting: str | None = None
    datum: dt.date

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        if self.soort == "gremium":
            self._require_may_advise(x, besluit)
        besluit.geef_advies(self.adviseur, self.soort, self.standpunt, self.toelichting, self.datum)
        return []

    def _require_may_advise(self, x: Executor, b: Besluit) -> None:
        adviseur = feit(x, self.adviseur)
        versie = mandaat(x, b.regio).versie_op(self.datum)
        for soort in b.soorten:
            oordeel = beoordeel(versie["regels"] if versie else [], adviseur, soort)
            if oordeel.bevoegdheid not in ("advies", "besluit"):
                raise MandateRefused(
                    f"mandaatregel {oordeel.regel}: {self.adviseur} mag niet adviseren over {soort}"
                    f" ({oordeel.omschrijving})",
                    rule=oordeel.regel,
                )


@dataclass(frozen=True, kw_only=True)
class KoppelBesluit(BesluitWijziging):
    operation: ClassVar[str] = "koppelBesluit"
    soort: str
    object_id: str

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        besluit.koppel(self.soort, self.object_id)
        return []


@dataclass(frozen=True, kw_only=True)
class AgendeerBesluit(BesluitWijziging):
    """Put the besluit on an overleg's agenda (both change)."""

    operation: ClassVar[str] = "agendeerBesluit"
    overleg: UUID

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        meeting = x.load(Overleg, self.overleg, "overleg")
        if meeting.status == "geannuleerd":
            raise InvalidTransition("het overleg is geannuleerd")
        besluit.agendeer(self.overleg, meeting.gremium, meeting.datum)
        meeting.agendeer(besluit.onderwerp, "besluit", str(besluit.id))
        return [meeting]


@dataclass(frozen=True, kw_only=True)
class NeemBesluit(BesluitWijziging):
    """Take the besluit; outside the mandate it is refused naming the rule,
    or (``doorleiden``) escalated to the body the rule names."""

    operation: ClassVar[str] = "neemBesluit"
    datum: dt.date | None = None
    uitkomsten: dict[int, str]
    doorleiden: bool = False

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        regeling, gremium = mandaat(x, besluit.regio), feit(x, besluit.gremium)
        try:
            besluit.neem(
                datum=self.datum, uitkomsten=dict(self.uitkomsten), regeling=regeling, gremium=gremium,
                behandeld_door=behandeld(x, besluit),
            )  # fmt: skip
        except MandateRefused as refused:
            if not (self.doorleiden and refused.escalate_to):
                raise
            require_target(x, besluit, refused.escalate_to)
            besluit.leid_door(refused.escalate_to, refused.rule, refused.message)
            return []
        return registreer(x, besluit, "genomen")


@dataclass(frozen=True, kw_only=True)
class VerwerpBesluit(BesluitWijziging):
    operation: ClassVar[str] = "verwerpBesluit"
    datum: dt.date | None = None
    reden: str

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        regeling, gremium = mandaat(x, besluit.regio), feit(x, besluit.gremium)
        besluit.verwerp(
            datum=self.datum, reden=self.reden, regeling=regeling, gremium=gremium,
            behandeld_door=behandeld(x, besluit),
        )  # fmt: skip
        return registreer(x, besluit, "verworpen")


@dataclass(frozen=True, kw_only=True)
class HoudBesluitAan(BesluitWijziging):
    operation: ClassVar[str] = "houdBesluitAan"
    datum: dt.date | None = None
    reden: str

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        besluit.houd_aan(self.datum, self.reden)
        return []


@dataclass(frozen=True, kw_only=True)
class LeidBesluitDoor(BesluitWijziging):
    operation: ClassVar[str] = "leidBesluitDoor"
    naar: str
    reden: str

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        require_target(x, besluit, self.naar)
        besluit.leid_door(self.naar, None, self.reden)
        return []


@dataclass(frozen=True, kw_only=True)
class CorrigeerBesluit(BesluitWijziging):
    """Correct a finished besluit's event version ``correctie_van`` (the original stays in the log)."""

    operation: ClassVar[str] = "corrigeerBesluit"
    correctie_van: int
    reden: str
    onderwerp: str | None = None
    overwegingen: list[str] | None = None
    beslispunten: list[dict[str, Any]] | None = None

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        besluit.corrigeer(
            correctie_van=self.correctie_van,
            reden=self.reden,
            onderwerp=self.onderwerp,
            overwegingen=self.overwegingen,
            beslispunten=self.beslispunten,
        )
        return []


@dataclass(frozen=True, kw_only=True)
class WijzigWooStatus(BesluitWijziging):
    operation: ClassVar[str] = "wijzigWooStatus"
    status: str
    datum: dt.date | None = None
    grond: str | None = None

    def change(self, x: Executor, besluit: Besluit) -> list[VoortgangAggregate]:
        besluit.wijzig_woo(self.status, self.datum, self.grond)
        return []
