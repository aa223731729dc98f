"""Who may see what, enforced by PostgreSQL row-level security.

The rule table is in ``docs/security.md`` and, once, in code: the policies of
``migrations/0500.api-reader-role.sql``. This package only hands the principal
to the database: :func:`reading_as` opens the read transaction of a request
as the ``voortgang_api`` role (no ``BYPASSRLS``, owns nothing) with the
principal in transaction-local settings, so every query, and every query
added later, sees exactly what the policies allow.
"""

from service.visibility.session import API_ROLE, prelude, reading_as

__all__ = ["API_ROLE", "prelude", "reading_as"]
