"""The ``ontwikkelplan`` statement: header, ontwikkelpunten (with deelstappen,
latest stand, hygiene, mijlpalen), regional points with this gemeente's
progress; see :mod:`service.readpath.plan_sql` for the leaves."""

from __future__ import annotations

from psycopg import sql

from projections.plans.sql import hygiene, latest_stand, punt_filter
from projections.programme import mijlpalen as mv
from service.readpath.plan_sql import Expr, PlanSql, agg, col, enum, enum_list, gid, obj
from service.readpath.selection import Field


class PlanQuery(PlanSql):
    def punt_fields(self) -> dict[str, Expr]:
        return {
            "id": lambda f: gid("Ontwikkelpunt", "o.punt_id"),
            "gemeente": col("o.gemeente"),
            "basisfunctie": col("o.basisfunctie"),
            "thema": col("o.thema"),
            "doel": col("o.doel"),
            "zelfscanLink": col("o.zelfscan_link"),
            "beoogdResultaat": col("o.beoogd_resultaat"),
            "indicatoren": col("o.indicatoren"),
            "andersLerenDoen": col("o.anders_leren_doen"),
            "verbeteractie": col("o.verbeteractie"),
            "deelstappen": self.deelstappen,
            "kosten": self.kosten,
            "uitvoerder": col("o.uitvoerder"),
            "planning": self.planning("o"),
            "laatsteStandVanZaken": self.stand("s"),
            "status": enum("o.status"),
            "hygiene": lambda f: enum_list(hygiene("o", "s", self.as_of)),
            "version": col("o.version"),
            "mijlpalen": self.mijlpalen,
        }

    def punten(self, f: Field) -> sql.Composable:
        only: sql.Composable = sql.SQL("")
        if "filter" in f.arguments:  # its values are parameters, see CompiledOperation.filter_params
            prefix = f"f{self.suffix}_{len(self.filters)}_"
            self.filters.append((prefix, f))
            only = sql.SQL(" AND {}").format(punt_filter("o", "s", self.as_of, prefix))
        source = sql.SQL("FROM ontwikkelpunt_view o {stand} WHERE {ovis} AND o.plan_id = p.plan_id{only}").format(
            stand=latest_stand(sql.SQL("o.punt_id"), self.as_of),
            ovis=self.vis("o"),
            only=only,
        )
        return agg(obj("Ontwikkelpunt", self.punt_fields(), f), source, "o.basisfunctie, o.thema, o.toegevoegd_positie")

    def mijlpalen(self, f: Field) -> sql.Composable:
        self.uses_mijlpalen = True
        fields: dict[str, Expr] = {
            "mijlpaalId": lambda f: gid("Mijlpaal", "m.mijlpaal_id"),
            "gemeente": col("nullif(m.gemeente, '')"),
            "vorm": col("CASE WHEN m.start IS NULL THEN 'MIJLPAAL' ELSE 'ACTIVITEIT' END"),
            **{
                name: col(f"m.{column}")
                for name, column in (
                    ("titel", "titel"), ("eigenaarId", "eigenaar_id"), ("programma", "programma"),
                    ("project", "project"), ("start", "start"), ("basisplanning", "baseline"),
                    ("basisplanningEind", "baseline_eind"), ("verwachting", "forecast"),
                    ("verwachtingEind", "forecast_eind"), ("behaald", "actual"), ("slipDagen", "slip_dagen"),
                    # the deprecated English names (until 2027-06-30, docs/schema-changelog.md)
                    ("baseline", "baseline"), ("baselineEind", "baseline_eind"), ("forecast", "forecast"),
                    ("forecastEind", "forecast_eind"), ("actual", "actual"),
                    ("redenen", "redenen"), ("waarschuwingen", "waarschuwingen"), ("version", "version"),
                )
            },
            **{  # closed lists (domain/vocabulary.py): the GraphQL name is the stored string in capitals
                name: enum(f"m.{column}")
                for name, column in (
                    ("soort", "soort"), ("eigenaarSoort", "eigenaar_soort"), ("startPrecisie", "start_precisie"),
                    ("basisplanningPrecisie", "baseline_precisie"), ("verwachtingPrecisie", "forecast_precisie"),
                    ("baselinePrecisie", "baseline_precisie"), ("forecastPrecisie", "forecast_precisie"),
                    ("status", "status"),
                )
            },
        }  # fmt: skip
        source = sql.SQL("FROM mp m WHERE m.punt = o.punt_id::text")
        return agg(
            obj("Planningregel", fields, f),
            source,
            'm.forecast, m.mijlpaal_id::text COLLATE "C", m.gemeente COLLATE "C"',
        )

    def mijlpalen_cte(self) -> sql.Composable:
        """The milestones of the plan's visible points and of their deelstappen (one CTE)."""
        owners = sql.SQL(
            "SELECT o.punt_id::text FROM ontwikkelpunt_view o, hdr p"
            " WHERE {ovis} AND o.plan_id = p.plan_id"
            " UNION ALL SELECT o.punt_id::text || '/' || d.deelstap_id FROM ontwikkelpunt_view o"
            " JOIN hdr p ON o.plan_id = p.plan_id JOIN deelstap_view d ON d.punt_id = o.punt_id AND {dvis}"
            " WHERE {ovis}"
        ).format(ovis=self.vis("o"), dvis=self.vis("d"))
        planning = mv._planning_sql(
            self.as_of,
            sql.SQL("s.eigenaar_id IN ({})").format(owners),
            sql.SQL("s.eigenaar_id"),
            sql.SQL(""),
        )
        return sql.SQL(
            ", mp AS MATERIALIZED (SELECT split_part(x.eigenaar_id, '/', 1) AS punt, x.* FROM ({}) x)"
        ).format(planning)

    def voortgang(self, f: Field) -> sql.Composable:
        fields: dict[str, Expr] = {
            "id": lambda f: gid("LokaleVoortgang", "v.voortgang_id"),
            "gemeente": col("v.gemeente"),
            "uitvoerder": col("v.uitvoerder"),
            "planning": self.planning("v"),
            "laatsteStandVanZaken": self.stand("sv"),
            "version": col("v.version"),
        }
        source = sql.SQL(
            "FROM regionale_voortgang_view v {stand} WHERE {vis} AND v.punt_id = r.punt_id AND v.gemeente = p.gemeente"
        ).format(stand=latest_stand(sql.SQL("v.voortgang_id"), self.as_of, "sv"), vis=self.vis("v"))
        return agg(obj("LokaleVoortgang", fields, f), source, "v.gemeente")

    def regionale(self, f: Field) -> sql.Composable:
        fields: dict[str, Expr] = {
            "id": lambda f: gid("RegionaalOntwikkelpunt", "r.punt_id"),
            "regio": col("r.regio"),
            "basisfunctie": col("r.basisfunctie"),
            "thema": col("r.thema"),
            "doel": col("r.doel"),
            "beoogdResultaat": col("r.beoogd_resultaat"),
            "indicatoren": col("r.indicatoren"),
            "besluitId": lambda f: sql.SQL(
                "CASE WHEN nullif(r.besluit_id::text, '') IS NULL THEN NULL ELSE {} END"
            ).format(gid("Besluit", "r.besluit_id")),
            "actief": col("(r.status = 'actief')"),
            "version": col("r.version"),
            "voortgang": self.voortgang,
        }
        source = sql.SQL("FROM regionaal_punt_view r WHERE {} AND r.regio = p.regio").format(self.vis("r"))
        return agg(
            obj("RegionaalOntwikkelpunt", fields, f), source, "r.regio, r.basisfunctie, r.thema, r.vastgesteld_positie"
        )

    def plan_fields(self) -> dict[str, Expr]:
        simple = ("gemeente", "regio", "periode", "titel", "portefeuillehouders", "beleidsmedewerkers", "version")
        return {
            **{name: col(f"p.{name}") for name in simple},
            "id": lambda f: gid("Ontwikkelplan", "p.plan_id"),
            "templateVersie": col("p.template_versie"),
            "status": enum("p.status"),
            "documenten": self.documenten,
            "lokaleAanvullingen": col("p.lokale_aanvullingen"),
            "vastgesteldOp": col("p.vastgesteld_op"),
            "ontwikkelpunten": self.punten,
            "regionaleOntwikkelpunten": self.regionale,
        }

    def statement(self, f: Field) -> sql.Composable:
        """A scalar subquery: the plan's JSON, or NULL when there is none the reader may see."""
        g, per = sql.Placeholder(f"g{self.suffix}"), sql.Placeholder(f"per{self.suffix}")
        body = obj("Ontwikkelplan", self.plan_fields(), f)
        header = sql.SQL(
            "WITH hdr AS (SELECT p.* FROM ontwikkelplan_view p WHERE {vis}"
            " AND ({g}::text IS NULL OR p.gemeente = {g}) AND ({per}::text IS NULL OR p.periode = {per})"
            " ORDER BY p.gemeente, p.periode LIMIT 1)"
        ).format(vis=self.vis("p"), g=g, per=per)
        mijlpalen = self.mijlpalen_cte() if self.uses_mijlpalen else sql.SQL("")
        return sql.SQL("({header}{mp} SELECT {body} FROM hdr p)").format(header=header, mp=mijlpalen, body=body)
