"""Every domain event is classified Plan, Do, Check or Act, in one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import domain
from domain.base import VoortgangAggregate
from domain.pdca import CLASSIFICATION, NOT_CLASSIFIED, PHASES, phase_of


def domain_event_names() -> set[str]:
    """``Aggregate.Event`` of every concrete event class of every aggregate in ``domain/``."""
    names: set[str] = set()
    for info in pkgutil.iter_modules(domain.__path__):
        module = importlib.import_module(f"domain.{info.name}")
        for aggregate in vars(module).values():
            if not (inspect.isclass(aggregate) and issubclass(aggregate, VoortgangAggregate)):
                continue
            if aggregate is VoortgangAggregate or aggregate.__name__ in NOT_CLASSIFIED:
                continue
            for name, member in vars(aggregate).items():
                is_event = inspect.isclass(member) and issubclass(member, VoortgangAggregate.Event)
                own = is_event and member.__qualname__.startswith(f"{aggregate.__name__}.")
                if own and name not in ("Event", "Created"):
                    names.add(member.__qualname__)
    return names


def test_every_event_class_in_domain_is_classified() -> None:
    missing = sorted(domain_event_names() - set(CLASSIFICATION))
    assert missing == [], f"classify these events in domain/pdca.py: {missing}"


def test_every_classified_name_is_an_existing_event_class() -> None:
    stale = sorted(set(CLASSIFICATION) - domain_event_names())
    assert stale == [], f"these names in domain/pdca.py no longer exist: {stale}"


def test_every_phase_is_plan_do_check_or_act() -> None:
    assert set(CLASSIFICATION.values()) <= set(PHASES)
    assert phase_of("Regio.GemeenteGeregistreerd") == "plan"
    assert phase_of("Onbekend.Iets") is None
