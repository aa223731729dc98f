"""The Voortgang domain: aggregates, their events, the rules they enforce.

Nothing here imports from ``service``, ``projections``, strawberry, starlette or
psycopg. Glossary: docs/glossary.md.
"""
