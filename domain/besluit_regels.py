"""Vocabulary and input checks of a besluit (kept apart from the aggregate)."""

from __future__ import annotations

from typing import Any

from domain.errors import ProblemCollector
from domain.ids import GEMEENTECODE
from domain.vocabulary import KoppelSoort, Uitkomst

UITKOMST_KEUZE = "aangenomen, geamendeerd, verworpen of aangehouden"


def is_uitkomst(value: object) -> bool:
    """A decided outcome: any Uitkomst except ``open`` (which only the aggregate sets)."""
    return Uitkomst.has(value) and value != Uitkomst.OPEN


def check_voorstel(
    problems: ProblemCollector,
    regio: str,
    kenmerk: str,
    onderwerp: str,
    beslispunten: list[str],
    gemeenten: list[str],
    koppelingen: list[dict[str, str]],
) -> None:
    problems.require(bool(regio.strip()), "regio", "verplicht")
    problems.require(bool(kenmerk.strip()) and len(kenmerk) <= 60, "kenmerk", "verplicht, hooguit 60 tekens")
    problems.require(bool(onderwerp.strip()) and len(onderwerp) <= 500, "onderwerp", "verplicht, hooguit 500 tekens")
    problems.require(bool(beslispunten), "beslispunten", "minstens één beslispunt")
    for i, tekst in enumerate(beslispunten):
        problems.require(bool(tekst.strip()), f"beslispunten[{i}]", "mag niet leeg zijn")
    for code in gemeenten:
        problems.require(bool(GEMEENTECODE.match(code)), "betreftGemeenten", f"{code} is geen CBS-gemeentecode")
    for i, k in enumerate(koppelingen):
        problems.require(KoppelSoort.has(k.get("soort")), f"koppelingen[{i}].soort", f"een van {KoppelSoort.choices()}")
        problems.require(bool(str(k.get("id", "")).strip()), f"koppelingen[{i}].id", "verplicht")


def check_uitkomsten(problems: ProblemCollector, uitkomsten: dict[int, str], nummers: set[int]) -> None:
    for nummer, uitkomst in uitkomsten.items():
        problems.require(nummer in nummers, f"uitkomsten.{nummer}", "geen beslispunt met dit nummer")
        problems.require(is_uitkomst(uitkomst), f"uitkomsten.{nummer}", f"een van {UITKOMST_KEUZE}")
    decided = [uitkomsten.get(n, Uitkomst.AANGENOMEN) for n in nummers]
    problems.require(
        any(u in (Uitkomst.AANGENOMEN, Uitkomst.GEAMENDEERD) for u in decided),
        "uitkomsten",
        "geen enkel beslispunt aangenomen: verwerp het besluit of houd het aan",
    )


def check_beslispunten(problems: ProblemCollector, punten: list[dict[str, Any]], nummers: set[int]) -> None:
    for i, punt in enumerate(punten):
        problems.require(punt.get("nummer") in nummers, f"beslispunten[{i}].nummer", "geen beslispunt met dit nummer")
        if "tekst" in punt:
            problems.require(bool(str(punt["tekst"]).strip()), f"beslispunten[{i}].tekst", "mag niet leeg zijn")
        if "uitkomst" in punt:
            problems.require(is_uitkomst(punt["uitkomst"]), f"beslispunten[{i}].uitkomst", f"een van {UITKOMST_KEUZE}")
