"""GraphQL types of the template catalogue (reference data, any signed-in role)."""

from __future__ import annotations

import strawberry

from domain import catalogue


@strawberry.type(description="Een van de acht kolommen van een ontwikkelpunt, met de instructie uit het template.")
class TemplateKolom:
    nummer: int = strawberry.field(description="1-8.")
    code: str = strawberry.field(description="Stabiele code van de kolom.")
    label: str = strawberry.field(description="Kopregel zoals in het template.")
    instructie: str = strawberry.field(description="De instructie uit het template.")


@strawberry.type(description="Een quickscan-thema (of bij basisfunctie 3 een vraag) met zijn checklist.")
class QuickscanThema:
    code: str = strawberry.field(description="Code, bijvoorbeeld BF2-1.")
    nummer: int = strawberry.field(description="Nummer binnen de basisfunctie.")
    titel: str = strawberry.field(description="Titel zoals in het template.")
    alias: str | None = strawberry.field(description="Weergavenaam waar de titel in het template verschrijft.")
    items: list[str] = strawberry.field(description="De checklist-items (bij basisfunctie 1 leeg).")
    tabel: str = strawberry.field(description="De ontwikkelpunt-tabel waarin dit thema wordt uitgewerkt.")


@strawberry.type(description="Een basisfunctie van lokale teams.")
class TemplateBasisfunctie:
    nummer: int = strawberry.field(description="1-5.")
    naam: str = strawberry.field(description="Naam zoals in de kop van het template.")
    aliassen: list[str] = strawberry.field(description="Andere schrijfwijzen in de bronnen.")
    definitie: str = strawberry.field(description="Eén-regelige omschrijving.")
    input: str = strawberry.field(description="De input voor deze basisfunctie (zelfscan).")
    themas: list[QuickscanThema] = strawberry.field(description="De quickscan-thema's.")


@strawberry.type(description="Een ontwikkelpunt-tabel van het template (24 in versie 2025-02-19).")
class TemplateTabel:
    code: str = strawberry.field(description="Code; gebruik deze als `thema` van een ontwikkelpunt.")
    basisfunctie: int = strawberry.field(description="1-5.")
    titel: str = strawberry.field(description="Titel.")
    themas: list[str] = strawberry.field(description="De quickscan-thema's die in deze tabel samenkomen.")


@strawberry.type(description="Een versie van het template van het lokaal meerjarig ontwikkelplan.")
class TemplateCatalogus:
    versie: str = strawberry.field(description="Versie; een plan legt vast op welke versie het is gemaakt.")
    bron: str = strawberry.field(description="Bron van het template.")
    titel: str = strawberry.field(description="Titel van het plan.")
    ondertitel: str = strawberry.field(description="Ondertitel.")
    kolommen: list[TemplateKolom] = strawberry.field(description="De acht kolommen.")
    basisfuncties: list[TemplateBasisfunctie] = strawberry.field(description="De vijf basisfuncties.")
    tabellen: list[TemplateTabel] = strawberry.field(description="De ontwikkelpunt-tabellen, in volgorde.")


def build(t: catalogue.Template) -> TemplateCatalogus:
    tabel_of = {thema: tabel.code for tabel in t.tabellen for thema in tabel.themas}
    return TemplateCatalogus(
        versie=t.versie,
        bron=t.bron,
        titel=t.titel,
        ondertitel=t.ondertitel,
        kolommen=[
            TemplateKolom(nummer=k.nummer, code=k.code, label=k.label, instructie=k.instructie) for k in t.kolommen
        ],
        basisfuncties=[
            TemplateBasisfunctie(
                nummer=b.nummer,
                naam=b.naam,
                aliassen=list(b.aliassen),
                definitie=b.definitie,
                input=b.input,
                themas=[
                    QuickscanThema(
                        code=th.code,
                        nummer=th.nummer,
                        titel=th.titel,
                        alias=th.alias,
                        items=list(th.items),
                        tabel=tabel_of[th.code],
                    )
                    for th in b.themas
                ],
            )
            for b in t.basisfuncties
        ],
        tabellen=[
            TemplateTabel(code=tb.code, basisfunctie=tb.basisfunctie, titel=tb.titel, themas=list(tb.themas))
            for tb in t.tabellen
        ],
    )
