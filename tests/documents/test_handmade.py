"""A plan that a gemeente wrote by hand in the Bijlage 3 template imports
with the right points, columns and dated standen, and creates the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.documents.importer import import_plan
from service.documents.reading import context_for, read_plan
from service.runtime import Runtime
from tests.documents.conftest import PB
from tests.documents.handmade import bijlage3_document

LEUSDEN = Principal("official-leusden-beleid-1", "L", frozenset({"gemeente"}), gemeente="GM0327")


def register(runtime: Runtime) -> None:
    pb = Envelope(principal=PB)
    runtime.commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    runtime.commands.run(pb, RegistreerGemeente(regio="amersfoort", code="GM0327", naam="Leusden"))


async def test_a_hand_filled_bijlage3_document_imports_its_points_columns_and_dated_standen(runtime: Runtime) -> None:
    register(runtime)
    await runtime.wait_for_views(await runtime.log_head())
    ctx = context_for(runtime, LEUSDEN)
    data = bijlage3_document()

    proef = await import_plan(ctx, data, "leusden-bijlage3.docx", "GM0327", dry_run=True)
    assert proef.ok, proef.tekst()
    assert (proef.punten, proef.nieuw) == (3, 3)
    assert await read_plan(ctx, "GM0327", None) is None

    rapport = await import_plan(ctx, data, "leusden-bijlage3.docx", "GM0327", dry_run=False)
    assert rapport.toegepast, rapport.tekst()
    assert any("Wethouder J. de Vries" in m.tekst and m.soort == "waarschuwing" for m in rapport.meldingen)
    plan = await read_plan(ctx, "GM0327", None)
    assert plan is not None and plan.periode == "2025-2027" and plan.titel.endswith("Gemeente Leusden")
    assert plan.kop.lokale_aanvullingen == "Leusden werkt samen met Amersfoort aan de scholing."
    assert [d.titel for d in plan.kop.documenten][:1] == ["Hervormingsagenda Jeugd 2023-2028"]
    assert plan.kop.portefeuillehouders == []
    by_thema = {(p.thema, p.doel[:20]): p for p in plan.punten}
    veilig = by_thema[("BF1-06", "Wij zorgen dat elk g")]
    assert veilig.beoogd_resultaat == "Elk overgedragen gezin heeft binnen vier weken een veiligheidsplan."
    assert veilig.verbeteractie == "Werkafspraken met Veilig Thuis maken en de professionals trainen."
    assert veilig.kosten is not None and veilig.kosten.bedrag == Decimal("12500.00")
    assert veilig.uitvoerder == "Teamleider lokaal team"
    assert veilig.planning is not None and (veilig.planning.gereed, veilig.planning.precisie) == (
        dt.date(2026, 6, 30),
        "maand",
    )
    assert [(s.peildatum, s.tekst) for s in veilig.standen] == [
        (dt.date(2024, 2, 12), "nulmeting gedaan, de werkwijze ontbreekt nog."),
        (dt.date(2025, 1, 15), "werkafspraken met Veilig Thuis zijn in concept klaar."),
    ]
    partners = by_thema[("BF2-1", "Wij maken met schole")]
    assert partners.planning is not None and partners.planning.start == dt.date(2025, 3, 1)
    assert [(s.peildatum, s.signaal) for s in partners.standen] == [(dt.date(2024, 10, 1), "aandacht_nodig")]
    kaart = by_thema[("BF2-1", "Wij leggen de social")]
    assert kaart.planning is not None and kaart.planning.precisie == "kwartaal" and kaart.standen == []
    assert all(p.status == "concept" for p in plan.punten)

    head = await runtime.log_head()
    again = await import_plan(ctx, data, "leusden-bijlage3.docx", "GM0327", dry_run=False)
    assert again.ok and again.wijzigingen == [], again.tekst()
    assert await runtime.log_head() == head
