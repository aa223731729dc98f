"""Registrations are explicit at start-up: importing a module registers nothing, and the
schema (``service.graphql.schema.register_all``) and the app (``live_rules()`` handed to the
broker) make every registration they rely on, complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eventsourcing.utils import get_topic
from graphql import GraphQLObjectType

from domain.besluit import Besluit
from domain.mandaat import MandateRefused
from service.graphql.errors import ERROR_MAPPERS
from service.graphql.governance.common import MandateRefusedError
from service.graphql.history.live import LiveTopic
from service.graphql.relay import NODE_RESOLVERS
from service.graphql.schema import build_schema
from service.live.registry import TOPICS, live_rules

ROOT = Path(__file__).resolve().parents[2]


IMPORT_EVERYTHING = """
import importlib, json, pkgutil
import service
for module in pkgutil.walk_packages(service.__path__, "service."):
    importlib.import_module(module.name)
from service.graphql.errors import ERROR_MAPPERS
from service.graphql.governance.common import MandateRefusedError
from service.graphql.relay import NODE_RESOLVERS
print(json.dumps({"nodes": sorted(NODE_RESOLVERS), "errors": [t.__name__ for t in ERROR_MAPPERS]}))
"""


def test_importing_every_service_module_registers_nothing() -> None:
    # A fresh interpreter: in this one another test may already have built the schema.
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.splitlines()[-1]) == {"nodes": [], "errors": []}


def test_after_building_the_schema_every_node_type_resolves_and_area_errors_are_mapped() -> None:
    schema = build_schema()._schema
    nodes = {
        name
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
    }
    assert len(nodes) >= 12
    assert set(NODE_RESOLVERS) == nodes  # node(id:) resolves every type that has a global id
    refused = ERROR_MAPPERS[MandateRefused](MandateRefused("buiten mandaat", "r1", "bestuur"))
    assert isinstance(refused, MandateRefusedError)
    assert (refused.code, refused.rule, refused.escalate_to) == ("MANDATE_REFUSED", "r1", "bestuur")


def test_building_the_schema_twice_registers_the_same() -> None:
    build_schema()
    first = dict(NODE_RESOLVERS), dict(ERROR_MAPPERS)
    build_schema()
    assert (dict(NODE_RESOLVERS), dict(ERROR_MAPPERS)) == first


def test_the_live_rules_cover_every_topic_a_subscriber_can_ask_for() -> None:
    rules = live_rules()
    topics = {rule.topic for rule in rules.by_stored_topic.values()}
    assert topics == set(TOPICS) == {t.name for t in LiveTopic}
    assert rules.by_stored_topic[get_topic(Besluit.Genomen)].topic == "BESLUIT_GENOMEN"
    assert live_rules().by_stored_topic.keys() == rules.by_stored_topic.keys()  # a fresh value, built the same
