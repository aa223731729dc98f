"""Deterministic demo data for ``voortgang seed-demo`` and ``serve --demo``.

The facts live in ``service/demo/data/*.json`` (from the source documents,
people pseudonymised); each area adds its part in :func:`seed_demo`.
"""

from __future__ import annotations

import logging

from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.demo.common import PROGRAMMABUREAU, load
from service.demo.governance import seed_governance
from service.demo.people import seed_people
from service.demo.plans import seed_plans
from service.demo.programme import seed_programme
from service.runtime import Runtime

log = logging.getLogger(__name__)


def seed_regios(runtime: Runtime) -> None:
    cmd = Envelope(principal=PROGRAMMABUREAU, request_id="seed-demo")
    for regio in load("regios.json"):
        runtime.commands.run(cmd, RegistreerRegio(code=regio["code"], naam=regio["naam"]))
        for g in regio["gemeenten"]:
            runtime.commands.run(cmd, RegistreerGemeente(regio=regio["code"], code=g["code"], naam=g["naam"]))


def seed_demo(runtime: Runtime) -> int:
    before = runtime.app.recorder.max_notification_id() or 0
    seed_regios(runtime)
    seed_governance(runtime)
    seed_plans(runtime)
    seed_programme(runtime)
    seed_people(runtime.database.url)
    after = runtime.app.recorder.max_notification_id() or 0
    log.info("demo.seeded", extra={"events": after - before})
    return after - before
