"""What the command line's parts share: settings from the arguments, the
principal a command acts as, instants, and running work against a runtime
(``service.cli`` and the area commands it registers, ``service.documents.cli``
and ``service.report.cli``, all import from here; none imports another)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from service.config import Settings
from service.logging import configure


def settings_from(args: argparse.Namespace) -> Settings:
    if getattr(args, "data_dir", None):
        os.environ["VOORTGANG_DATA_DIR"] = str(args.data_dir)
    try:
        settings = Settings()
    except ValidationError as exc:  # a bad setting or an unreadable secret file; never echo the values
        details = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'settings'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        )
        raise SystemExit(f"voortgang: invalid settings: {details}") from None
    configure(settings.log_level, settings.log_format, settings.production)
    problems = settings.production_problems()
    if problems:
        raise SystemExit("voortgang: cannot start in production: " + "; ".join(problems))
    return settings


def principal_for(settings: Any, token: str | None) -> Any:
    from domain.principal import Principal
    from service.access.auth import TokenVerifier

    if token:
        return TokenVerifier(settings).verify(token)
    return Principal(f"cli-{getpass.getuser()}", "Command line", frozenset({"programmabureau"}))


def instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    instant = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def run_with_runtime(args: argparse.Namespace, work: Callable[[Any], Awaitable[int]]) -> int:
    """Build the runtime (with a projector, so the views are current), run ``work(ctx)``."""
    from domain.errors import DomainError
    from service.access.auth import AuthError
    from service.documents.reading import context_for
    from service.runtime import Runtime

    settings = settings_from(args)

    async def main() -> int:
        runtime = Runtime.build(settings)
        await runtime.open()
        runtime.start_projector()
        try:
            await runtime.wait_for_views(await runtime.log_head(), timeout_s=60)
            return await work(context_for(runtime, principal_for(settings, args.token)))
        finally:
            await runtime.close()

    try:
        return asyncio.run(main())
    except (DomainError, AuthError) as exc:
        sys.stderr.write(f"voortgang: {getattr(exc, 'message', exc)}\n")
        return 2
