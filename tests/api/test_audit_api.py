"""The audit trail and the people directory over GraphQL."""

from __future__ import annotations

from typing import Any

import httpx

from domain.ontwikkelplan import plan_id
from domain.regio import regio_id
from service.commands.base import Envelope, Saved
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory
from tests.integration.command_strategies import PB, PERIODE, SETUP

REGIO = """mutation($input: RegistreerRegioInput!) { registreerRegio(input: $input) { __typename } }"""
GEMEENTE = """mutation($input: RegistreerGemeenteInput!) { registreerGemeente(input: $input) { __typename } }"""
TRAIL = """
query($id: ID, $actor: String, $first: Int, $after: String) {
  auditTrail(objectId: $id, actorId: $actor, first: $first, after: $after) {
    edges { node {
      positie objectType gebeurtenis actie actieWeergave resultaat pdca aanmaakdatum requestId toelichting
      gebruiker { id weergave rol organisatie }
      wijzigingen { veld oud nieuw }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
ZET = """mutation($input: ZetPersoonInput!) {
  zetPersoon(input: $input) { __typename ... on PersoonPayload { persoon { naam weergave rol organisatie gewist } }
  ... on UserError { code message } } }"""
WIS = """mutation($input: WisPersoonInput!) {
  wisPersoon(input: $input) { __typename ... on PersoonPayload { persoon { naam weergave rol gewist } } } }"""


async def _regio(client: httpx.AsyncClient, pb: str) -> None:
    await gql(client, pb, REGIO, {"input": {"code": "r", "naam": "Regio R", "toelichting": "start"}})
    gemeente = {"regio": "r", "code": "GM0307", "naam": "Amersfoort", "toelichting": "toetreding"}
    await gql(client, pb, GEMEENTE, {"input": gemeente})


def _nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in data["auditTrail"]["edges"]]


async def test_the_audit_trail_of_an_object_names_who_what_when_and_why(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau", name="Pim Bureau")
    await _regio(client, pb)
    nodes = _nodes(await gql(client, token("auditor"), TRAIL, {"id": str(regio_id("r"))}))
    assert [n["gebeurtenis"] for n in nodes] == ["Regio.Geregistreerd", "Regio.GemeenteGeregistreerd"]
    assert [n["actie"] for n in nodes] == ["CREATE", "PARTIAL_UPDATE"]
    assert [n["resultaat"] for n in nodes] == [201, 200]
    assert nodes[1]["actieWeergave"] == "Gemeente geregistreerd"
    assert nodes[1]["toelichting"] == "toetreding"
    assert nodes[1]["pdca"] == "PLAN"
    assert nodes[1]["gebruiker"] == {
        "id": "programmabureau-x-Pim Bureau",
        "weergave": "Pim Bureau",
        "rol": "programmabureau",
        "organisatie": "programmabureau",
    }
    assert {"veld": "GM0307.naam", "oud": None, "nieuw": "Amersfoort"} in nodes[1]["wijzigingen"]


async def test_the_audit_trail_pages_in_order_with_cursors(client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = token("programmabureau")
    await _regio(client, pb)
    first = await gql(client, pb, TRAIL, {"first": 1})
    assert first["auditTrail"]["pageInfo"]["hasNextPage"] is True
    after = first["auditTrail"]["pageInfo"]["endCursor"]
    second = await gql(client, pb, TRAIL, {"first": 5, "after": after})
    assert [n["gebeurtenis"] for n in _nodes(second)] == ["Regio.GemeenteGeregistreerd"]
    assert second["auditTrail"]["pageInfo"]["hasNextPage"] is False


async def test_after_erasure_the_trail_reads_gewist_and_keeps_role_and_organisation(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau", name="Pim Bureau")
    await _regio(client, pb)
    data = await gql(client, pb, WIS, {"input": {"actorId": "programmabureau-x-Pim Bureau"}})
    assert data["wisPersoon"]["persoon"] == {
        "naam": None,
        "weergave": "[gewist]",
        "rol": "programmabureau",
        "gewist": True,
    }
    nodes = _nodes(await gql(client, token("auditor"), TRAIL, {"actor": "programmabureau-x-Pim Bureau"}))
    assert len(nodes) == 2
    assert {n["gebruiker"]["weergave"] for n in nodes} == {"[gewist]"}
    assert {n["gebruiker"]["rol"] for n in nodes} == {"programmabureau"}


async def test_the_programme_office_corrects_a_name_and_the_trail_shows_the_correction(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau", name="Pim Bureau")
    await _regio(client, pb)
    correction = {"actorId": "programmabureau-x-Pim Bureau", "naam": "P. Bureau", "rol": "programmamanager"}
    data = await gql(client, pb, ZET, {"input": {**correction, "organisatie": "programmabureau"}})
    assert data["zetPersoon"]["persoon"]["weergave"] == "P. Bureau"
    nodes = _nodes(await gql(client, pb, TRAIL, {}))
    assert {n["gebruiker"]["weergave"] for n in nodes} == {"P. Bureau"}
    people = await gql(client, token("auditor"), "{ personen { nodes { actorId naam rol } } }")
    assert people["personen"]["nodes"] == [
        {"actorId": "programmabureau-x-Pim Bureau", "naam": "P. Bureau", "rol": "programmamanager"}
    ]


async def test_a_gemeente_cannot_change_the_people_directory(client: httpx.AsyncClient, token: TokenFactory) -> None:
    await _regio(client, token("programmabureau"))
    data = await gql(client, token("gemeente", "GM0307"), ZET, {"input": {"actorId": "x", "naam": "Y"}})
    assert data["zetPersoon"]["__typename"] == "NotAllowedError"


async def test_a_gemeente_sees_only_the_trail_of_its_own_objects_and_the_overleg_none(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    await _regio(client, token("programmabureau"))
    own = await gql(client, token("gemeente", "GM0307"), TRAIL, {"id": str(regio_id("r"))})
    assert own["auditTrail"]["edges"] == []
    response = await client.post(
        "/v1/graphql",
        json={"query": "{ auditTrail { edges { cursor } } }"},
        headers={"authorization": f"Bearer {token('overleg')}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ALLOWED"


async def test_a_gemeente_sees_the_trail_of_its_own_plan_including_its_points(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    cmd = Envelope(principal=PB)
    saved = [step.run(runtime.commands, cmd) for step in SETUP]
    await runtime.wait_for_views(max(s.position for s in saved if isinstance(s, Saved)))
    plan = str(plan_id("GM0001", PERIODE))
    own = _nodes(await gql(client, token("gemeente", "GM0001"), TRAIL, {"id": plan}))
    assert [n["objectType"] for n in own] == ["Ontwikkelplan", "Ontwikkelpunt"]
    assert _nodes(await gql(client, token("gemeente", "GM0002"), TRAIL, {"id": plan})) == []
