"""The read path built for the portals' workload (issue 14): a cache of parsed
and validated documents (``document_cache``) and a compiler that turns the
selection of a plan query into one SQL statement building exactly the
requested JSON in PostgreSQL (``compiler``, ``plan_sql``, ``extension``);
graphql-core stays the fallback for everything the compiler does not cover."""
