"""Closed lists and readable people through the API (issue 18, part 4).

A value outside a domain enum is refused by the schema (BAD_USER_INPUT) and
changes nothing; the stored strings come back as the enum's SCREAMING_CASE
names; the writer of a stand van zaken reads as an Official (naam, rol,
organisatie) for whoever may see the point, and as ``[gewist]`` after erasure.
"""

from __future__ import annotations

from typing import Any

import httpx

from service.runtime import Runtime
from tests.api.graphql import gql
from tests.api.test_plans_api import TIMELINE, given, point_mutation
from tests.conftest import TokenFactory

NAAM = "Petronella Pennevoerder"
OFFICIAL = """query($id: ID!) { standVanZakenTijdlijn(id: $id) {
  edges { node { signaal nulmeting auteur opgesteldDoor { id naam rol organisatie gewist } } } } }"""
ZET = "mutation($i: ZetPersoonInput!) { zetPersoon(input: $i) { __typename } }"
WIS = "mutation($i: WisPersoonInput!) { wisPersoon(input: $i) { __typename } }"
STAND = point_mutation("werkStandVanZakenBij", "WerkStandVanZakenBijInput")


async def post(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        "/v1/graphql", json={"query": query, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_value_outside_the_closed_list_is_bad_user_input_and_changes_nothing(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm = token("gemeente", "GM0307")
    for signaal in ("op_koers", "GROEN", "on_track"):
        stand = {"peildatum": "2025-05-01", "tekst": "Nulmeting", "signaal": signaal}
        body = await post(client, gm, STAND, {"input": {"ontwikkelpunt": s["punt"], "standVanZaken": stand}})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], body
        assert "Voortgangssignaal" in body["errors"][0]["message"]
        assert body.get("data") is None
    timeline = (await gql(client, gm, TIMELINE, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"]
    assert timeline == []


async def test_the_writer_of_a_stand_reads_as_an_official_and_as_gewist_after_erasure(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm, pb = token("gemeente", "GM0307"), token("programmabureau")
    stand = {"peildatum": "2025-05-01", "tekst": "Nulmeting", "signaal": "OP_KOERS"}
    written = await gql(client, gm, STAND, {"input": {"ontwikkelpunt": s["punt"], "standVanZaken": stand}})
    assert written["werkStandVanZakenBij"]["__typename"] == "OntwikkelpuntPayload"

    (edge,) = (await gql(client, gm, OFFICIAL, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"]
    node = edge["node"]
    assert (node["signaal"], node["nulmeting"]) == ("OP_KOERS", True)
    actor = node["auteur"]
    assert node["opgesteldDoor"]["id"] == actor and node["opgesteldDoor"]["gewist"] is False

    zet = {"actorId": actor, "naam": NAAM, "rol": "beleidsmedewerker", "organisatie": "GM0307"}
    assert (await gql(client, pb, ZET, {"i": zet}))["zetPersoon"]["__typename"] == "PersoonPayload"
    (edge,) = (await gql(client, gm, OFFICIAL, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"]
    assert edge["node"]["opgesteldDoor"] == {
        "id": actor, "naam": NAAM, "rol": "beleidsmedewerker", "organisatie": "GM0307", "gewist": False
    }  # fmt: skip

    assert (await gql(client, pb, WIS, {"i": {"actorId": actor}}))["wisPersoon"]["__typename"] == "PersoonPayload"
    for reader in (gm, pb):
        response = await post(client, reader, OFFICIAL, {"id": s["punt"]})
        assert NAAM not in str(response)
        (edge,) = response["data"]["standVanZakenTijdlijn"]["edges"]
        assert edge["node"]["opgesteldDoor"] == {
            "id": actor, "naam": "[gewist]", "rol": "beleidsmedewerker", "organisatie": "GM0307", "gewist": True
        }  # fmt: skip


async def test_another_gemeente_sees_no_official_of_a_point_it_may_not_see(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm, baarn = token("gemeente", "GM0307"), token("gemeente", "GM0308")
    stand = {"peildatum": "2025-05-01", "tekst": "Nulmeting", "signaal": "OP_KOERS"}
    await gql(client, gm, STAND, {"input": {"ontwikkelpunt": s["punt"], "standVanZaken": stand}})
    assert (await gql(client, baarn, OFFICIAL, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"] == []


ADD = "mutation($input: VoegOntwikkelpuntToeInput!) { voegOntwikkelpuntToe(input: $input) { __typename" + (
    " ... on UserError { code } ... on ValidationError { problems { field message } }"
    " ... on OntwikkelpuntPayload { ontwikkelpunt { basisfunctie thema } } } }"
)


async def test_thema_implies_basisfunctie_and_a_contradicting_pair_names_both_fields(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    gm = token("gemeente", "GM0307")
    point = {"gemeente": "GM0307", "thema": "BF1-06", "doel": "Alleen het thema"}
    added = (await gql(client, gm, ADD, {"input": point}))["voegOntwikkelpuntToe"]
    assert added["ontwikkelpunt"] == {"basisfunctie": 1, "thema": "BF1-06"}, added
    agreeing = (await gql(client, gm, ADD, {"input": {**point, "basisfunctie": 1}}))["voegOntwikkelpuntToe"]
    assert agreeing["__typename"] == "OntwikkelpuntPayload"

    wrong = (await gql(client, gm, ADD, {"input": {**point, "basisfunctie": 3}}))["voegOntwikkelpuntToe"]
    assert wrong["__typename"] == "ValidationError" and wrong["code"] == "VALIDATION_FAILED", wrong
    assert {p["field"] for p in wrong["problems"]} == {"basisfunctie", "thema"}
    plan = await gql(client, gm, 'query { ontwikkelplan(gemeente: "GM0307") { ontwikkelpunten { doel } } }')
    assert [p["doel"] for p in plan["ontwikkelplan"]["ontwikkelpunten"]].count("Alleen het thema") == 2


RESULTAAT = point_mutation("legBeoogdResultaatVast", "LegBeoogdResultaatVastInput")
AUDIT = """query($id: ID!) { auditTrail(objectId: $id, first: 50) { nodes {
  gebeurtenis wijzigingen { veld nieuw } vastgelegdDoor { id naam rol organisatie gewist }
  gebruiker { id weergave } } } }"""


async def test_an_audit_row_shows_who_as_an_official_and_names_fields_in_camel_case(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm, auditor = token("gemeente", "GM0307", name="Gerda Gemeente"), token("auditor")
    changed = {"ontwikkelpunt": s["punt"], "beoogdResultaat": "Elk gezin een plan", "indicatoren": ["Plannen"]}
    assert (await gql(client, gm, RESULTAAT, {"input": changed}))["legBeoogdResultaatVast"]["version"] > 1

    for reader in (gm, auditor):
        nodes = (await gql(client, reader, AUDIT, {"id": s["punt"]}))["auditTrail"]["nodes"]
        rows = [n for n in nodes if n["gebeurtenis"].endswith("BeoogdResultaatVastgelegd")]
        row = rows[-1]  # the setup's is first, the portal's change last
        assert {"veld": "beoogdResultaat", "nieuw": "Elk gezin een plan"} in row["wijzigingen"], rows
        assert all("_" not in w["veld"] for n in nodes for w in n["wijzigingen"]), nodes
        person = row["vastgelegdDoor"]
        assert (person["naam"], person["rol"], person["organisatie"], person["gewist"]) == (
            "Gerda Gemeente", "gemeente", "GM0307", False
        )  # fmt: skip
        assert row["gebruiker"] == {"id": person["id"], "weergave": "Gerda Gemeente"}  # the deprecated shape

    pb = token("programmabureau")
    wis = await gql(client, pb, WIS, {"i": {"actorId": person["id"]}})
    assert wis["wisPersoon"]["__typename"] == "PersoonPayload"
    nodes = (await gql(client, auditor, AUDIT, {"id": s["punt"]}))["auditTrail"]["nodes"]
    erased = [n["vastgelegdDoor"] for n in nodes if n["vastgelegdDoor"]["id"] == person["id"]]
    assert erased and all(
        (e["naam"], e["rol"], e["organisatie"], e["gewist"]) == ("[gewist]", "gemeente", "GM0307", True) for e in erased
    )
