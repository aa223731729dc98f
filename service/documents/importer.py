"""Import a plan from a .docx or .xlsx: check the file, read it, compare every
point with Voortgang, run the ordinary commands in one batch, and save all of
it in one transaction, or nothing (see ``docs/documents.md``).

1. The file is refused as a whole when it is hostile or not the template
   (:mod:`service.documents.safety`, the readers).
2. Every row becomes a point; every problem is named at its sheet/table, row
   and column. A point from an export carries its id and version: if the
   point changed in Voortgang since, that is a conflict for that point, never
   an overwrite.
3. The planned commands run through :class:`BatchExecutor` — authorization,
   domain validation, expected versions and idempotency keys exactly as for
   GraphQL — with ``toelichting`` naming the file. A dry run, or any problem,
   stops here: nothing is saved. Otherwise one save stores everything."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from uuid import UUID

from domain.catalogue import CURRENT_VERSION, template
from domain.errors import DomainError
from domain.idempotency import idempotency_id
from domain.ids import natural_id
from domain.ontwikkelplan import OFFICIAL_ID
from service.access.authz import require_gemeente_writer
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan, WijzigPlanKop
from service.documents import safety
from service.documents.batch import BatchExecutor
from service.documents.cells import norm
from service.documents.diff import Stap, new_point_steps
from service.documents.diff_existing import local_steps, regional_steps
from service.documents.model import LOKAAL, REGIONAAL, Kop, Plan, Punt
from service.documents.read_docx import read_docx
from service.documents.read_xlsx import read_xlsx
from service.documents.reading import read_plan, regio_of
from service.documents.report import ImportRapport, Wijziging
from service.documents.rows import CONFLICT, FOUT, WAARSCHUWING, Gelezen, Melding, to_punt
from service.graphql.context import Context

Progress = Callable[[int], None]


class ViewsBehind(DomainError):
    """The views did not catch up with the log in time; the import did not start."""

    code = "POSITION_NOT_REACHED"


@dataclass
class Groep:
    """The steps for one object, run in order, threading its version."""

    key: str
    label: str
    expected: int | None
    steps: list[Stap] = field(default_factory=list)
    peildatum: dt.date | None = None
    """Valid time of a new object: the date of its oldest stand van zaken in the
    file (a plan with stands of 2024 existed in 2024); None = today."""


def _assign_docx_ids(gelezen: Gelezen, punten: list[Punt]) -> None:
    """An exported document lists, per table, each row's id and version; a
    row keeps them when its doel still starts the same, or when the table has
    as many rows as at export (so an edited doel is still that point)."""
    meta = gelezen.meta.get("punten")
    if not isinstance(meta, dict):
        return
    per_tabel: dict[str, list[Punt]] = {}
    for p in punten:
        per_tabel.setdefault(p.thema, []).append(p)
    for code, rows in per_tabel.items():
        listed = meta.get(code)
        if not isinstance(listed, list):
            continue
        for i, p in enumerate(rows):
            if i < len(listed) and isinstance(listed[i], list) and len(listed[i]) == 4:
                pid, versie, soort, doel = listed[i]
                if soort == p.soort and (p.doel[:60] == doel or len(rows) == len(listed)):
                    try:
                        p.id, p.versie = UUID(str(pid)), int(versie)
                    except (ValueError, TypeError):
                        continue


def _kop_group(
    kop: Kop, current: Plan | None, gemeente: str, periode: str, meta_versie: object, out: list[Melding]
) -> Groep | None:
    def ids(values: list[str], what: str) -> list[str] | None:
        good = [v for v in values if OFFICIAL_ID.match(v)]
        for v in values:
            if not OFFICIAL_ID.match(v):
                out.append(
                    Melding(
                        WAARSCHUWING,
                        f"{what} '{v}' is een naam, geen id van een functionaris;"
                        " Voortgang bewaart geen namen: niet overgenomen",
                    )
                )
        return good or None

    old = current.kop if current else Kop()
    docs = [{"niveau": d.niveau, "titel": d.titel, "verwijzing": d.verwijzing} for d in kop.documenten] or None
    old_docs = [{"niveau": d.niveau, "titel": d.titel, "verwijzing": d.verwijzing} for d in old.documenten]
    docs = docs if docs is not None and docs != old_docs else None
    ph = ids(kop.portefeuillehouders, "portefeuillehouder")
    ph = ph if ph is not None and ph != old.portefeuillehouders else None
    bm = ids(kop.beleidsmedewerkers, "beleidsmedewerker")
    bm = bm if bm is not None and bm != old.beleidsmedewerkers else None
    la = (
        kop.lokale_aanvullingen
        if kop.lokale_aanvullingen and norm(kop.lokale_aanvullingen) != norm(old.lokale_aanvullingen)
        else None
    )
    if docs is None and ph is None and bm is None and la is None:
        return None
    versie = current.versie if current else None
    if current and isinstance(meta_versie, str) and meta_versie.isdigit() and int(meta_versie) != current.versie:
        out.append(
            Melding(
                CONFLICT,
                f"de algemene informatie is in Voortgang gewijzigd na de export (versie {current.versie},"
                f" in het bestand {meta_versie}); exporteer opnieuw",
            )
        )
        return None
    parts = ", ".join(
        n
        for n, v in (
            ("documenten", docs),
            ("portefeuillehouders", ph),
            ("beleidsmedewerkers", bm),
            ("lokale aanvullingen", la),
        )
        if v is not None
    )

    command = WijzigPlanKop(
        gemeente=gemeente,
        periode=periode,
        documenten=docs,
        portefeuillehouders=ph,
        beleidsmedewerkers=bm,
        lokale_aanvullingen=la,
    )
    group = Groep("kop", "Algemene informatie", versie)
    group.steps.append(Stap(None, f"algemene informatie: {parts}", command))
    return group


def _match(f: Punt, current: Plan | None, used: set[UUID], out: list[Melding]) -> Punt | bool | None:
    """The point in Voortgang this row is about; None = new; False = a problem."""
    if current is None:
        return None
    if f.id is not None:
        c = next((p for p in current.punten if p.id == f.id and p.soort == f.soort), None)
        if c is None:
            out.append(
                Melding(FOUT, "dit ontwikkelpunt (id in de verborgen kolom) bestaat niet in dit plan", f.at("id"))
            )
            return False
    else:
        c = next(
            (p for p in current.punten if p.soort == f.soort and p.thema == f.thema and norm(p.doel) == norm(f.doel)),
            None,
        )
    if c is not None and c.id in used:
        out.append(Melding(FOUT, "dit ontwikkelpunt staat twee keer in het bestand", f.at("ontwikkelpunt")))
        return False
    if c is not None and c.id is not None:
        used.add(c.id)
    if c is None and f.soort == REGIONAAL:
        out.append(
            Melding(
                FOUT,
                "onbekend regionaal ontwikkelpunt; regionale punten stelt het programmabureau vast",
                f.at("ontwikkelpunt"),
            )
        )
        return False
    return c


def _point_groups(
    punten: list[Punt], current: Plan | None, gemeente: str, periode: str, sha: str, rapport: ImportRapport
) -> list[Groep]:
    groups: list[Groep] = []
    used: set[UUID] = set()
    for f in punten:
        out = rapport.meldingen
        c = _match(f, current, used, out)
        if c is False:
            continue
        label = f"{f.thema}: {f.doel[:60]}"
        if c is None or not isinstance(c, Punt):
            loc = f.locatie
            pid = natural_id(
                "import-ontwikkelpunt", f"{gemeente}:{periode}:{sha}:{loc.blad if loc else ''}:{loc.rij if loc else 0}"
            )
            group = Groep(str(pid), label, None, new_point_steps(f, pid, gemeente, periode, out), _oldest([f]))
            rapport.nieuw += 1
        else:
            steps = local_steps(f, c, out) if c.soort == LOKAAL else regional_steps(f, c, gemeente, out)
            if steps and f.versie is not None and f.versie != c.versie:
                out.append(
                    Melding(
                        CONFLICT,
                        f"dit ontwikkelpunt is in Voortgang gewijzigd na de export (versie {c.versie},"
                        f" in het bestand {f.versie}); exporteer opnieuw en breng de wijziging daarin aan",
                        f.at("ontwikkelpunt"),
                    )
                )
                continue
            group = Groep(str(c.id), label, c.versie, steps)
            if steps:
                rapport.gewijzigd += 1
            else:
                rapport.ongewijzigd += 1
        if group.steps:
            groups.append(group)
    return groups


def _plan(
    gelezen: Gelezen,
    current: Plan | None,
    gemeente: str,
    periode: str,
    sha: str,
    rapport: ImportRapport,
    regio: tuple[str, str] | None,
    punten: list[Punt],
) -> list[Groep]:
    groups: list[Groep] = []
    if current is None:
        if regio is None:
            rapport.meldingen.append(Melding(FOUT, f"gemeente {gemeente} is niet bekend in Voortgang"))
            return []
        maak = MaakOntwikkelplan(regio=regio[0], gemeente=gemeente, periode=periode, template_versie=template().versie)

        groups.append(
            Groep(
                "plan",
                "ontwikkelplan",
                None,
                [Stap(None, f"nieuw ontwikkelplan {periode}", maak)],
                _oldest(punten),
            )
        )
    if gelezen.kop is not None:
        kop = _kop_group(gelezen.kop, current, gemeente, periode, gelezen.meta.get("plan_versie"), rapport.meldingen)
        if kop is not None:
            groups.append(kop)
    return groups + _point_groups(punten, current, gemeente, periode, sha, rapport)


def _oldest(punten: list[Punt]) -> dt.date | None:
    """The oldest stand van zaken date among ``punten`` (None without stands)."""
    return min((s.peildatum for p in punten for s in p.standen), default=None)


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _run(groups: list[Groep], ctx: Context, rapport: ImportRapport, progress: Progress | None) -> None:
    """Run every step in one batch; commit only when all succeeded and this is no dry run."""
    batch = BatchExecutor(ctx.runtime.commands.executor)
    toelichting = f"Import uit {rapport.bestand} (sha256 {rapport.sha256[:12]})"
    keys = {group.key: f"import:{rapport.sha256[:32]}:{group.key}:v{group.expected}" for group in groups}
    batch.prefetch(
        [idempotency_id(ctx.user.actor_id, k) for k in keys.values()] + [UUID(g.key) for g in groups if _is_uuid(g.key)]
    )
    for group in groups:
        expected = group.expected
        for n, stap in enumerate(group.steps):
            # one key per object: its steps are saved together or not at all
            key = keys[group.key] if n == 0 else None
            cmd = Envelope(
                principal=ctx.user,
                request_id=ctx.request_id,
                toelichting=toelichting,
                idempotency_key=key,
                peildatum=group.peildatum,
            )
            try:
                saved = batch.run(cmd, stap.at_version(expected))
            except DomainError as exc:
                rapport.meldingen.append(Melding(FOUT, f"{stap.tekst}: {exc.message}", stap.locatie))
                break
            expected = saved.version
            rapport.wijzigingen.append(Wijziging(group.label, stap.tekst, stap.locatie, stap.operation))
        if progress:
            progress(1)
    rapport.events = batch.pending_events()
    if rapport.ok and not rapport.droog and rapport.wijzigingen:
        try:
            rapport.positie = batch.commit()
        except DomainError as exc:
            rapport.meldingen.append(Melding(CONFLICT, exc.message))
            return
        rapport.toegepast = True


async def import_plan(
    ctx: Context,
    data: bytes,
    filename: str,
    gemeente: str,
    *,
    dry_run: bool,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
) -> ImportRapport:
    """Import ``data`` into the plan of ``gemeente`` (or report what would
    change). Raises FileRefused for a hostile or wrong file and NotAllowed for
    a reader who may not write this plan; everything else is in the report."""
    require_gemeente_writer(ctx.user, gemeente, "een plan importeren")
    sha = hashlib.sha256(data).hexdigest()
    rapport = ImportRapport(bestand=PurePath(filename).name, sha256=sha, gemeente=gemeente, droog=dry_run)
    kind = safety.kind_of(filename, data)
    safety.inspect(data, kind)
    runtime = ctx.runtime
    if not await runtime.wait_for_views(await runtime.log_head()):
        raise ViewsBehind("de views lopen achter op het eventlog; probeer de import zo opnieuw (er is niets veranderd)")
    current = await read_plan(ctx, gemeente, None)
    t = template(current.template_versie if current else CURRENT_VERSION)
    gelezen = await asyncio.to_thread(read_xlsx if kind == "xlsx" else read_docx, data, t)
    file_gemeente = gelezen.meta.get("gemeente")
    if file_gemeente and file_gemeente != gemeente:
        raise safety.FileRefused(f"dit bestand is het plan van {file_gemeente}, niet van {gemeente}")
    periode = str(gelezen.meta.get("periode") or (current.periode if current else t.periode))
    punten = [p for row in gelezen.rows if (p := to_punt(t, row, rapport.meldingen)) is not None]
    if kind == "docx":
        _assign_docx_ids(gelezen, punten)
    rapport.punten = len(gelezen.rows)
    regio = await regio_of(ctx, gemeente) if current is None else None
    groups = _plan(gelezen, current, gemeente, periode, sha, rapport, regio, punten)
    if total:
        total(len(groups))
    await asyncio.to_thread(_run, groups, ctx, rapport, progress)
    if rapport.toegepast:
        await runtime.wait_for_views(rapport.positie)
    return rapport
