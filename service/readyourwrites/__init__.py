"""Read-your-writes: a mutation waits, through the projector's ``NOTIFY``, until
the views its answer reads show its position (``listener``, ``views``)."""
