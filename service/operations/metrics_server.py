"""The metrics (and projector health) port: ``VOORTGANG_METRICS_PORT``.

With the setting, ``/metrics`` is not on the public API port but on this one,
served by a small thread of its own, in ``serve``, ``project`` and
``rebuild`` alike; ``project`` answers ``/healthz`` here too (its health:
:mod:`service.operations.projector_health`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg

from service.operations.metrics import EVENT_BYTES, EVENTS, PROJECTION_LAG, exposition

log = logging.getLogger(__name__)

Health = Callable[[], tuple[bool, dict[str, Any]]]


def refresh_from_database(url: str) -> None:
    """Event store size and lag per view, read now (one short connection)."""
    with psycopg.connect(url, autocommit=True, connect_timeout=2, options="-c statement_timeout=2000") as conn:
        row = conn.execute(
            "SELECT coalesce(max(notification_id), 0), pg_total_relation_size('voortgang_events') FROM voortgang_events"
        ).fetchone()
        head, size = (int(row[0]), int(row[1])) if row else (0, 0)
        EVENTS.set(head)
        EVENT_BYTES.set(size)
        for projection, position in conn.execute("SELECT projection, position FROM projection_tracking"):
            PROJECTION_LAG.labels(projection).set(max(0, head - int(position)))


def start_metrics_server(host: str, port: int, url: str | None, health: Health | None = None) -> ThreadingHTTPServer:
    """Serve ``/metrics`` (and ``/healthz`` when ``health`` is given) until ``shutdown()``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/metrics":
                if url:
                    try:
                        refresh_from_database(url)
                    except psycopg.Error as exc:
                        log.warning("metrics.database_unavailable", extra={"error": type(exc).__name__})
                body, content_type = exposition()
                self._answer(200, body, content_type)
            elif self.path == "/healthz" and health is not None:
                ok, report = health()
                self._answer(200 if ok else 503, json.dumps(report).encode(), "application/json")
            else:
                self._answer(404, b"not found\n", "text/plain")

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics-server", daemon=True).start()
    log.info("metrics.serving", extra={"address": f"{host}:{server.server_address[1]}"})
    return server
