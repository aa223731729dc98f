"""The overleg's pack for the demo's bestuurlijk overleg: a multi-page PDF
whose text holds every section and demo facts, whose charts are vector
(drawing operators, no raster image), the same bytes for the same inputs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from domain.principal import Principal
from service.documents.reading import context_for
from service.report.data import gather, last_held
from service.report.pdf import render
from service.runtime import Runtime

PB = Principal("pb-report", "Programmabureau", frozenset({"programmabureau"}))
OUT = Path(__file__).resolve().parents[2] / "test-output" / "report"
SECTIONS = [
    "Wijzigingen sinds het vorige overleg",
    "Genomen besluiten",
    "Verschoven mijlpalen",
    "Mijlpalenplanning",
    "Voortgang in de tijd",
    "Regiobeeld",
    "Begroting",
    "Risicoregister",
]


async def test_the_demo_pack_has_every_section_in_text_vector_charts_and_is_deterministic(demo: Runtime) -> None:
    ctx = context_for(demo, PB)
    as_of = dt.datetime.now(dt.UTC)
    pack = await gather(ctx, "zhz-bo", as_of=as_of)
    data = render(pack)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "overleg-zhz-bo.pdf").write_bytes(data)
    assert render(await gather(ctx, "zhz-bo", as_of=as_of)) == data, "same inputs, same bytes"

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 6
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for heading in SECTIONS:
        assert heading in flat, heading
    assert "Agendapakket Bestuurlijk overleg Kind- en Gezinsbescherming" in flat
    assert "ZHZ-BO-2022-04" in flat  # a besluit of the demo with its beslispunten
    assert "Kwaliteitskader Werken aan Veiligheid" in flat
    assert "Transformatieplan lokale teams" in flat  # a slipped milestone with its reason
    assert "Beperkte capaciteit bij de lokale teams" in flat
    assert "Personeelstekort bij alle organisaties" in flat  # risk R1
    assert "Programmamanager" in flat and "EUR 100.000" in flat  # a budget line per year
    assert "Amersfoort" in flat  # regiobeeld and series per gemeente
    assert f"Pagina 1 van {len(reader.pages)}" in flat
    assert f"Stand per {as_of:%d-%m-%Y}" in flat

    for page in reader.pages:  # no raster images: charts are paths and text
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"
    streams = [page.get_contents() for page in reader.pages[1:]]
    drawn = b"".join(stream.get_data() for stream in streams if stream is not None)
    assert drawn.count(b" re") + drawn.count(b" l\n") + drawn.count(b" c\n") > 200, "vector drawing operators"


async def test_besluiten_since_the_previous_meeting_start_at_the_last_meeting_held_by_then(demo: Runtime) -> None:
    ctx = context_for(demo, PB)
    assert await last_held(ctx, "zhz", "zhz-bo", dt.date(2022, 12, 1), None) == dt.date(2022, 10, 13)
    assert await last_held(ctx, "zhz", "zhz-bo", dt.date(2022, 6, 1), None) == dt.date(2022, 4, 14)
    assert await last_held(ctx, "zhz", "zhz-bo", dt.date(2022, 1, 1), None) is None
