"""A refused ``connection_init`` closes the socket with 4403 (graphql-transport-ws)
and, as the close reason, the token's reason code instead of "Forbidden"."""

from __future__ import annotations

from strawberry.asgi import ASGIWebSocketAdapter

REJECTION = "auth_rejection"
"""Key in the websocket scope's ``state`` where ``on_ws_connect`` leaves the reason code."""


class ReasonWebSocketAdapter(ASGIWebSocketAdapter):
    async def close(self, code: int, reason: str) -> None:
        rejected = self.ws.scope.get("state", {}).get(REJECTION)
        if code == 4403 and rejected:
            reason = str(rejected)[:120]
        await super().close(code, reason)
