from __future__ import annotations
import psycopg
from service.runtime import Runtime

async def test_show(seeded_runtime: Runtime) -> None:
    with psycopg.connect(seeded_runtime.database.url) as c:
        for t in ["ontwikkelplan_view","ontwikkelpunt_view","programma_view","mijlpaal_view","mijlpaal_instantie_view","besluit_view","gremium_view","overleg_view","project_view","begroting_view","begroting_regel_view","risico_view","regionaal_punt_view"]:
            cur = c.execute(f"select * from {t} where sys_to is null limit 2")
            print(t, [d.name for d in cur.description]); 
            for r in cur.fetchall(): print("   ", [str(x)[:30] for x in r])
        print(c.execute("select gemeente, status, count(*) from ontwikkelplan_view where sys_to is null group by 1,2").fetchall())
        print(c.execute("select p.gemeente, pt.status, count(*) from ontwikkelpunt_view pt join ontwikkelplan_view p on p.plan_id=pt.plan_id and p.sys_to is null where pt.sys_to is null group by 1,2").fetchall())
