"""Operating the views: their state (position, lag, stopped at a poisoned
event) for ``voortgang views status``, ``/readyz`` and the metrics."""
