"""The typed report of an import (and of a dry run), in Dutch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.documents.model import Locatie
from service.documents.rows import CONFLICT, FOUT, Melding


@dataclass(frozen=True)
class Wijziging:
    """One command the import runs (or would run), at its cell."""

    punt: str
    tekst: str
    locatie: Locatie | None
    operation: str

    def regel(self) -> str:
        waar = f"{self.locatie.tekst()}: " if self.locatie else ""
        return f"{waar}{self.tekst}"


@dataclass
class ImportRapport:
    bestand: str
    sha256: str
    gemeente: str
    droog: bool
    toegepast: bool = False
    punten: int = 0
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    events: int = 0
    positie: int = 0
    wijzigingen: list[Wijziging] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)

    @property
    def fouten(self) -> list[Melding]:
        return [m for m in self.meldingen if m.soort in (FOUT, CONFLICT)]

    @property
    def ok(self) -> bool:
        return not self.fouten

    def samenvatting(self) -> str:
        if self.fouten:
            uitkomst = f"NIET geïmporteerd: {len(self.fouten)} probleem/problemen; er is niets veranderd"
        elif self.droog:
            uitkomst = f"proefimport: {len(self.wijzigingen)} wijziging(en) zouden worden doorgevoerd"
        elif self.toegepast:
            uitkomst = f"geïmporteerd: {len(self.wijzigingen)} wijziging(en), {self.events} event(s)"
        else:
            uitkomst = "geen wijzigingen: Voortgang zegt al wat het bestand zegt"
        return (
            f"{self.bestand} ({self.gemeente}): {uitkomst}. Punten in het bestand: {self.punten}"
            f" (nieuw {self.nieuw}, gewijzigd {self.gewijzigd}, ongewijzigd {self.ongewijzigd})."
        )

    def tekst(self) -> str:
        lines = [self.samenvatting()]
        if self.wijzigingen:
            lines.append("Wijzigingen:" if not self.droog else "Zou wijzigen:")
            lines += [f"  - {w.regel()}" for w in self.wijzigingen]
        if self.meldingen:
            lines.append("Meldingen:")
            lines += [f"  - {m.regel()}" for m in self.meldingen]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        def loc(loc: Locatie | None) -> dict[str, Any] | None:
            return None if loc is None else {"blad": loc.blad, "rij": loc.rij, "kolom": loc.kolom}

        return {
            "bestand": self.bestand,
            "sha256": self.sha256,
            "gemeente": self.gemeente,
            "proef": self.droog,
            "toegepast": self.toegepast,
            "ok": self.ok,
            "samenvatting": self.samenvatting(),
            "punten": self.punten,
            "nieuw": self.nieuw,
            "gewijzigd": self.gewijzigd,
            "ongewijzigd": self.ongewijzigd,
            "events": self.events,
            "positie": self.positie,
            "wijzigingen": [
                {"punt": w.punt, "wijziging": w.tekst, "operatie": w.operation, "locatie": loc(w.locatie)}
                for w in self.wijzigingen
            ],
            "meldingen": [{"soort": m.soort, "melding": m.tekst, "locatie": loc(m.locatie)} for m in self.meldingen],
        }
