"""Readable people in the demo (issue 18): every actor in the demo's audit
trail, and every role holder the demo names, has a naam, rol and organisatie in
the people directory, and seeding it again keeps a corrected name."""

from __future__ import annotations

import psycopg

from service.demo.people import demo_people, seed_people
from service.demo.seed import seed_demo
from service.runtime import Runtime


def test_every_demo_actor_and_role_holder_has_a_naam_rol_and_organisatie(sync_runtime: Runtime) -> None:
    seed_demo(sync_runtime)
    sync_runtime.projector().catch_up()
    with psycopg.connect(sync_runtime.database.url, autocommit=True) as conn:
        actors = {r[0] for r in conn.execute("SELECT DISTINCT actor_id FROM audit_trail").fetchall()}
        people = {
            r[0]: r[1:]
            for r in conn.execute("SELECT actor_id, naam, rol, organisatie FROM persoon_directory").fetchall()
        }
    assert actors and actors <= set(people), sorted(actors - set(people))
    named = {p.actor_id for p in demo_people()}
    assert named <= set(people)
    assert all(naam and rol and organisatie for naam, rol, organisatie in people.values()), people

    with psycopg.connect(sync_runtime.database.url, autocommit=True) as conn:
        conn.execute("UPDATE persoon_directory SET naam = 'Verbeterd' WHERE actor_id = 'zhz-programmamanager'")
    assert seed_people(sync_runtime.database.url) == 0
    with psycopg.connect(sync_runtime.database.url, autocommit=True) as conn:
        row = conn.execute("SELECT naam FROM persoon_directory WHERE actor_id = 'zhz-programmamanager'").fetchone()
    assert row == ("Verbeterd",)
