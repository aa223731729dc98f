"""Typed commands in memory: the idempotency hash is made of every field of
every command class (found by walking ``service.commands``, so a new command
or a new field is covered without touching this file), and a retry replays."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

import service.commands
from domain.principal import Principal
from domain.regio import Regio, regio_id
from service.commands.base import Command, Envelope, Executor, IdempotencyKeyReused, request_hash
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.store.eventstore import VoortgangApplication

PB = Principal(actor_id="pb-1", name="Programmabureau", roles=frozenset({"programmabureau"}))


def command_classes() -> list[type[Command]]:
    for module in pkgutil.walk_packages(service.commands.__path__, "service.commands."):
        importlib.import_module(module.name)
    found: list[type[Command]] = []
    todo = list(Command.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not inspect.isabstract(cls):
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__qualname__)


COMMANDS = command_classes()


def sample(tp: Any, variant: int) -> Any:
    """A value of type ``tp``; variant 0 and variant 1 differ in every part."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return sample(next(a for a in args if a is not type(None)), variant)
    if origin is typing.Literal:
        return args[variant % len(args)]
    if origin is list:
        return [sample(args[0], variant)]
    if origin is dict:
        return {sample(args[0], variant): sample(args[1], variant)}
    if tp is Any or tp is str:
        return f"tekst-{variant}"
    if tp is bool:
        return variant == 1
    simple: dict[Any, Any] = {
        int: variant + 1,
        float: variant + 0.5,
        Decimal: Decimal(variant + 1),
        dt.date: dt.date(2026, 1, 1 + variant),
        dt.datetime: dt.datetime(2026, 1, 1 + variant, tzinfo=dt.UTC),
        UUID: UUID(int=variant + 1),
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return list(tp)[variant]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: sample(hints[f.name], variant) for f in dataclasses.fields(tp) if f.init})
    raise AssertionError(f"no sample for {tp!r}: teach this test the type")


def one_part_changed(tp: Any) -> Iterator[tuple[str, Any]]:
    """Values that differ from ``sample(tp, 0)`` in one part each: the whole
    value, and for a dataclass (also inside a list or optional) each of its fields."""
    yield "", sample(tp, 1)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        inner = next(a for a in args if a is not type(None))
        yield from one_part_changed(inner)
        yield "(None)", None
    elif origin is list and dataclasses.is_dataclass(args[0]):
        yield from ((f"[0]{path}", [value]) for path, value in one_part_changed(args[0]) if path)
    elif dataclasses.is_dataclass(tp) and isinstance(tp, type):
        base, hints = sample(tp, 0), typing.get_type_hints(tp)
        for f in dataclasses.fields(tp):
            for path, value in one_part_changed(hints[f.name]):
                yield f".{f.name}{path}", dataclasses.replace(base, **{f.name: value})


def build(cls: type[Command], variant: int = 0, **override: Any) -> Command:
    hints = typing.get_type_hints(cls)
    values = {f.name: sample(hints[f.name], variant) for f in dataclasses.fields(cls) if f.init}
    return cls(**(values | override))


def test_every_command_module_is_found_and_every_operation_is_named_once() -> None:
    assert {RegistreerRegio, RegistreerGemeente} <= set(COMMANDS)
    operations = [cls.operation for cls in COMMANDS]
    assert len(operations) == len(set(operations)) and all(operations)
    for cls in COMMANDS:
        assert cls.__dataclass_params__.frozen, f"{cls.__name__} is not a frozen dataclass"  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", COMMANDS, ids=lambda c: c.__name__)
def test_two_commands_that_differ_in_any_one_field_hash_differently(cls: type[Command]) -> None:
    base = build(cls)
    assert request_hash(base) == request_hash(build(cls)), "the hash of equal commands is stable"
    hints = typing.get_type_hints(cls)
    checked = 0
    for f in dataclasses.fields(cls):
        for path, value in one_part_changed(hints[f.name]):
            other = dataclasses.replace(base, **{f.name: value})
            if other == base:
                continue  # e.g. None for a field that samples as None
            assert request_hash(other) != request_hash(base), f"{cls.__name__}.{f.name}{path} is not in the hash"
            checked += 1
    assert checked >= len(dataclasses.fields(cls))


def test_the_operation_is_part_of_the_hash() -> None:
    # e.g. StelOntwikkelplanVast and SluitOntwikkelplanAf have the same fields
    hashes = {request_hash(build(cls)) for cls in COMMANDS}
    assert len(hashes) == len(COMMANDS)


def test_a_retry_with_the_same_key_and_command_replays_and_another_command_is_refused() -> None:
    x = Executor(VoortgangApplication({}, 1000))
    envelope = Envelope(principal=PB, request_id="r1", idempotency_key="k-1")
    first = x.run(envelope, RegistreerRegio(code="zhz", naam="Zuid-Holland Zuid"))
    again = x.run(dataclasses.replace(envelope, request_id="r2"), RegistreerRegio(code="zhz", naam="Zuid-Holland Zuid"))
    assert (again.aggregate_id, again.version, again.replayed) == (first.aggregate_id, first.version, True)
    assert not first.replayed
    assert x.load(Regio, regio_id("zhz"), "regio").version == 1
    with pytest.raises(IdempotencyKeyReused):
        x.run(envelope, RegistreerRegio(code="zhz", naam="Drechtsteden"))
    member = RegistreerGemeente(regio="zhz", code="GM0505", naam="Dordrecht", expected_version=1)
    keyed = dataclasses.replace(envelope, idempotency_key="k-2")
    saved = x.run(keyed, member)
    assert x.run(keyed, member).replayed and saved.version == 2
    with pytest.raises(IdempotencyKeyReused):
        x.run(keyed, dataclasses.replace(member, expected_version=None))
