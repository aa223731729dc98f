"""One SQL statement that builds exactly the JSON a selection of
``ontwikkelplan(gemeente:)`` asks for (PostGraphile's look-ahead): every
object is a ``json_build_object`` of the selected keys in selection order,
every list a ``json_agg`` in the order the resolvers return it, enums as their
GraphQL names, ids as global ids, values formatted as strawberry's scalars
would. Visibility is row-level security (the statement runs on the connection
of ``Context.db()``, as the API role with the principal set), as of
the position read, so the statement returns only what graphql-core's path
would. A field this module does not know raises :class:`NotCovered`."""

from __future__ import annotations

from collections.abc import Callable

from psycopg import sql

from projections import temporal
from service.readpath.selection import Field, NotCovered

Expr = Callable[[Field], sql.Composable]


def gid(type_name: str, column: str) -> sql.Composable:
    """``to_global_id``: unpadded base64url of ``Type:local``."""
    return sql.SQL(
        "rtrim(translate(encode(convert_to({} || {}::text, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')"
    ).format(sql.Literal(f"{type_name}:"), sql.SQL(column))


def timestamp(column: str) -> sql.Composable:
    """A timestamptz as Python's ``datetime.isoformat()`` (microseconds only when not zero)."""
    return sql.SQL("""replace(to_char({}, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'), '.000000', '')""").format(
        sql.SQL(column)
    )


def col(column: str) -> Expr:
    return lambda f: sql.SQL(column)


def enum(column: str) -> Expr:
    return lambda f: sql.SQL("upper({})").format(sql.SQL(column))


def enum_list(array: sql.Composable) -> sql.Composable:
    return sql.SQL("to_json(ARRAY(SELECT upper(x) FROM unnest({}) WITH ORDINALITY u(x, n) ORDER BY n))").format(array)


ARGUMENTS: dict[str, frozenset[str]] = {"Ontwikkelplan.ontwikkelpunten": frozenset({"filter"})}
"""The field arguments the compiler covers (in the statement, as parameters)."""


def obj(type_name: str, fields: dict[str, Expr], f: Field) -> sql.Composable:
    """``json_build_object`` of the selected keys of ``f``."""
    parts: list[sql.Composable] = []
    for c in f.children or ():
        if not set(c.arguments) <= ARGUMENTS.get(f"{type_name}.{c.name}", frozenset()):
            raise NotCovered(f"{type_name}.{c.name} with arguments")
        if c.name == "__typename":
            value: sql.Composable = sql.Literal(type_name)
        elif c.name in fields:
            value = fields[c.name](c)
        else:
            raise NotCovered(f"{type_name}.{c.name}")
        parts += [sql.Literal(c.key), value]
    if not parts or len(parts) > 100:
        raise NotCovered("object size")
    return sql.SQL("json_build_object({})").format(sql.SQL(", ").join(parts))


def agg(element: sql.Composable, source: sql.Composable, order: str) -> sql.Composable:
    return sql.SQL("coalesce((SELECT json_agg({e} ORDER BY {o}) {src}), '[]'::json)").format(
        e=element, o=sql.SQL(order), src=source
    )


class PlanSql:
    """The SQL of one ``ontwikkelplan`` field, read at ``as_of`` (a position,
    :data:`projections.temporal.AS_OF` for the parameter, None for now); its
    parameters are named with ``suffix`` (``g<suffix>``, ``per<suffix>``, the
    filters' prefixes in :attr:`filters`)."""

    def __init__(self, as_of: temporal.AsOf, suffix: str) -> None:
        self.as_of = as_of
        self.suffix = suffix
        self.uses_mijlpalen = False
        self.filters: list[tuple[str, Field]] = []
        """Each ``ontwikkelpunten(filter:)`` of the selection: its parameters' prefix and its field."""

    def vis(self, alias: str) -> sql.Composable:
        return temporal.visible(alias, self.as_of)

    # -- leaves and small objects ------------------------------------------
    def stand(self, alias: str) -> Expr:
        fields: dict[str, Expr] = {
            "volgnummer": col(f"{alias}.volgnummer"),
            "peildatum": col(f"{alias}.peildatum"),
            "tekst": col(f"{alias}.tekst"),
            "signaal": enum(f"{alias}.signaal"),
            "auteur": col(f"{alias}.auteur"),
            "baseline": col(f"{alias}.baseline"),
            "vastgelegdOp": lambda f: timestamp(f"{alias}.vastgelegd_op"),
        }
        return lambda f: sql.SQL("CASE WHEN {a}.volgnummer IS NULL THEN NULL ELSE {o} END").format(
            a=sql.Identifier(alias), o=obj("StandVanZaken", fields, f)
        )

    @staticmethod
    def planning(alias: str) -> Expr:
        fields: dict[str, Expr] = {
            "start": col(f"{alias}.planning_start"),
            "gereed": col(f"{alias}.planning_gereed"),
            "precisie": enum(f"{alias}.planning_precisie"),
        }
        return lambda f: sql.SQL(
            "CASE WHEN {a}.planning_gereed IS NULL OR {a}.planning_precisie IS NULL THEN NULL ELSE {o} END"
        ).format(a=sql.Identifier(alias), o=obj("Planning", fields, f))

    @staticmethod
    def kosten(f: Field) -> sql.Composable:
        fields: dict[str, Expr] = {
            "bedrag": col("o.kosten_bedrag::text"),
            "omschrijving": col("o.kosten_omschrijving"),
            "dekking": col("o.dekking"),
            "begrotingsjaar": col("o.begrotingsjaar"),
        }
        return sql.SQL(
            "CASE WHEN o.kosten_bedrag IS NULL AND o.kosten_omschrijving IS NULL AND o.dekking IS NULL"
            " AND o.begrotingsjaar IS NULL THEN NULL ELSE {} END"
        ).format(obj("Kosten", fields, f))

    def deelstappen(self, f: Field) -> sql.Composable:
        fields: dict[str, Expr] = {
            "id": col("d.deelstap_id"),
            "volgorde": col("d.volgorde"),
            "tekst": col("d.tekst"),
            "gepland": col("d.gepland"),
            "afgerondOp": col("d.afgerond_op"),
        }
        source = sql.SQL("FROM deelstap_view d WHERE d.punt_id = o.punt_id AND {}").format(self.vis("d"))
        return agg(obj("Deelstap", fields, f), source, "d.volgorde")

    @staticmethod
    def documenten(f: Field) -> sql.Composable:
        fields: dict[str, Expr] = {
            "niveau": col("upper(doc.d->>'niveau')"),
            "titel": col("doc.d->'titel'"),
            "verwijzing": col("doc.d->'verwijzing'"),
        }
        source = sql.SQL("FROM jsonb_array_elements(p.documenten) WITH ORDINALITY doc(d, n)")
        return agg(obj("GrondslagDocument", fields, f), source, "doc.n")
