"""The commands that bring an existing point (local, or this gemeente's
progress on a regional point) to what the file says, cell by cell."""

from __future__ import annotations

from uuid import UUID

from domain.plan_values import Kosten, Planning, Stand
from service.commands.plans.ontwikkelpunt import (
    FormuleerOntwikkelpunt,
    HerformuleerDeelstap,
    LegAndersLerenDoenVast,
    LegBeoogdResultaatVast,
    LegKostenVast,
    LegPlanningVast,
    LegUitvoerderVast,
    OmschrijfVerbeteractie,
    PuntWijziging,
    VoegDeelstapToe,
    WerkStandVanZakenBij,
)
from service.commands.plans.regionaal import WerkRegionaleVoortgangBij
from service.documents.cells import DeelstapTekst, datum, norm
from service.documents.diff import (
    Stap,
    _rond_af,
    _status_steps,
    kosten_key,
    new_standen,
    planning_key,
    stand_van,
)
from service.documents.model import Locatie, Punt
from service.documents.rows import FOUT, WAARSCHUWING, Melding


def _given(f: Punt, kolom: str) -> bool:
    """Was this column in the file at all (a hand-made document may lack one)?"""
    return not f.kolom_labels or kolom in f.kolom_labels


def _cleared(f: Punt, kolom: str, meldingen: list[Melding]) -> None:
    meldingen.append(
        Melding(WAARSCHUWING, "een cel leegmaken kan niet via een import; de vastgelegde waarde blijft", f.at(kolom))
    )


def _text_steps(f: Punt, c: Punt, pid: UUID, meldingen: list[Melding]) -> list[Stap]:
    steps = []
    if norm(f.doel) != norm(c.doel) or norm(f.zelfscan_link) != norm(c.zelfscan_link):
        doel, link = f.doel, f.zelfscan_link
        steps.append(
            Stap(
                f.at("ontwikkelpunt"),
                "ontwikkelpunt (doel) gewijzigd",
                FormuleerOntwikkelpunt(punt=pid, doel=doel, zelfscan_link=link),
            )
        )
    if _given(f, "beoogd_resultaat") and (
        norm(f.beoogd_resultaat) != norm(c.beoogd_resultaat)
        or [norm(i) for i in f.indicatoren] != [norm(i) for i in c.indicatoren]
    ):
        if f.beoogd_resultaat is None:
            _cleared(f, "beoogd_resultaat", meldingen)
        else:
            res, ind = f.beoogd_resultaat, f.indicatoren
            steps.append(
                Stap(
                    f.at("beoogd_resultaat"),
                    "beoogd resultaat / indicatoren gewijzigd",
                    LegBeoogdResultaatVast(punt=pid, beoogd_resultaat=res, indicatoren=ind),
                )
            )
    for kolom, label in (
        ("anders_leren_doen", "anders leren doen"),
        ("verbeteractie", "omschrijving verbeteractie"),
        ("uitvoerder", "wie gaat de actie uitvoeren"),
    ):
        new, old = getattr(f, kolom), getattr(c, kolom)
        if not _given(f, kolom) or norm(new) == norm(old):
            continue
        if new is None:
            _cleared(f, kolom, meldingen)
            continue
        command: PuntWijziging
        if kolom == "anders_leren_doen":
            command = LegAndersLerenDoenVast(punt=pid, tekst=new)
        elif kolom == "verbeteractie":
            command = OmschrijfVerbeteractie(punt=pid, omschrijving=new)
        else:
            command = LegUitvoerderVast(punt=pid, uitvoerder=new)
        steps.append(Stap(f.at(kolom), f"{label} gewijzigd", command))
    return steps


def _deelstap_steps(f: Punt, c: Punt, pid: UUID, meldingen: list[Melding]) -> list[Stap]:
    if not _given(f, "verbeteractie") or (not f.deelstappen and c.deelstappen):
        return []
    at = f.at("verbeteractie")
    steps: list[Stap] = []
    if len(f.deelstappen) < len(c.deelstappen):
        meldingen.append(
            Melding(FOUT, "deelstappen verwijderen kan niet; laat ze staan (rond ze af of herformuleer ze)", at)
        )
        return []
    for i, (new, old) in enumerate(zip(f.deelstappen, c.deelstappen, strict=False), 1):
        sid = _stap_id(c, i)
        if norm(new.tekst) != norm(old.tekst):
            tekst = new.tekst
            steps.append(
                Stap(
                    at,
                    f"deelstap {i} geherformuleerd",
                    HerformuleerDeelstap(punt=pid, deelstap=sid, tekst=tekst),
                )
            )
        if new.gepland != old.gepland:
            meldingen.append(
                Melding(FOUT, f"de geplande datum van deelstap {i} kan niet via een import veranderen", at)
            )
        if new.afgerond_op != old.afgerond_op:
            if old.afgerond_op is None and new.afgerond_op is not None:
                steps.append(_rond_af(pid, _stap_id(c, i), i, new.afgerond_op, at))
            else:
                meldingen.append(
                    Melding(FOUT, f"de afronding van deelstap {i} kan niet worden veranderd of ongedaan gemaakt", at)
                )
    for i, new in enumerate(f.deelstappen[len(c.deelstappen) :], len(c.deelstappen) + 1):
        steps.append(_add_deelstap(pid, new, i, at))
    return steps


def _stap_id(c: Punt, nummer: int) -> str:
    ids = c.deelstap_ids
    return ids[nummer - 1] if nummer <= len(ids) else f"d{nummer}"


def _add_deelstap(pid: UUID, new: DeelstapTekst, i: int, at: Locatie | None) -> Stap:
    command = VoegDeelstapToe(punt=pid, tekst=new.tekst, gepland=new.gepland, afgerond_op=new.afgerond_op)
    return Stap(at, f"deelstap {i} toegevoegd", command)


def local_steps(f: Punt, c: Punt, meldingen: list[Melding]) -> list[Stap]:
    """Every change the file makes to local point ``c``."""
    assert c.id is not None
    pid = c.id
    if (f.basisfunctie, f.thema) != (c.basisfunctie, c.thema):
        meldingen.append(
            Melding(FOUT, f"een ontwikkelpunt verhuist niet naar een ander thema (staat in {c.thema})", f.at("thema"))
        )
        return []
    steps = _text_steps(f, c, pid, meldingen) + _deelstap_steps(f, c, pid, meldingen)
    if _given(f, "kosten") and kosten_key(f.kosten) != kosten_key(c.kosten):
        if f.kosten is None:
            _cleared(f, "kosten", meldingen)
        else:
            k: Kosten = f.kosten
            steps.append(
                Stap(
                    f.at("kosten"),
                    "kosten gewijzigd",
                    LegKostenVast(punt=pid, kosten=k),
                )
            )
    if _given(f, "planning") and planning_key(f.planning) != planning_key(c.planning):
        if f.planning is None:
            _cleared(f, "planning", meldingen)
        else:
            p: Planning = f.planning
            steps.append(
                Stap(
                    f.at("planning"),
                    f"planning: gereed {datum(p.gereed)} ({p.precisie})",
                    LegPlanningVast(punt=pid, planning=p),
                )
            )
    if _given(f, "stand_van_zaken"):
        extra, problems = new_standen(f.standen, c.standen, f.at("stand_van_zaken"))
        meldingen.extend(problems)
        for s in extra:
            stand = stand_van(s, meldingen, f.at("stand_van_zaken"))
            steps.append(
                Stap(
                    f.at("stand_van_zaken"),
                    f"stand van zaken dd. {datum(s.peildatum)} toegevoegd",
                    WerkStandVanZakenBij(punt=pid, stand=stand),
                )
            )
    steps += _status_steps(pid, c.status or "concept", f.status, f, meldingen)
    return steps


def regional_steps(f: Punt, c: Punt, gemeente: str, meldingen: list[Melding]) -> list[Stap]:
    """This gemeente's progress on a regional point: uitvoerder, planning and
    new standen; the regional columns themselves are the region's."""
    assert c.id is not None
    pid = c.id
    if norm(f.doel) != norm(c.doel) or norm(f.beoogd_resultaat) != norm(c.beoogd_resultaat):
        meldingen.append(
            Melding(
                FOUT,
                "dit ontwikkelpunt is regionaal vastgesteld: alleen uitvoerder, planning en"
                " stand van zaken zijn van de gemeente; wijzig de rest in het regionale plan",
                f.at("ontwikkelpunt"),
            )
        )
        return []
    uitvoerder = (
        f.uitvoerder if _given(f, "uitvoerder") and f.uitvoerder and norm(f.uitvoerder) != norm(c.uitvoerder) else None
    )
    planning = (
        f.planning
        if _given(f, "planning") and f.planning and planning_key(f.planning) != planning_key(c.planning)
        else None
    )
    extra, problems = (
        new_standen(f.standen, c.standen, f.at("stand_van_zaken")) if _given(f, "stand_van_zaken") else ([], [])
    )
    meldingen.extend(problems)
    standen = [stand_van(s, meldingen, f.at("stand_van_zaken")) for s in extra]
    calls: list[tuple[str, Stand | None, str | None, Planning | None]] = []
    if uitvoerder or planning or standen:
        first = standen[0] if standen else None
        what = ", ".join(
            x for x, given in (("uitvoerder", uitvoerder), ("planning", planning), ("stand van zaken", first)) if given
        )
        calls.append((f"regionale voortgang: {what}", first, uitvoerder, planning))
        calls += [("regionale voortgang: stand van zaken toegevoegd", s, None, None) for s in standen[1:]]
    return [
        Stap(
            f.at("stand_van_zaken" if stand else "uitvoerder"),
            text,
            WerkRegionaleVoortgangBij(punt=pid, gemeente=gemeente, stand=stand, uitvoerder=uitv, planning=plan),
        )
        for text, stand, uitv, plan in calls
    ]
