"""A small Chrome DevTools Protocol client for the browser tests: starts
Debian's headless ``chromium`` (no download, no internet), opens one page and
sends commands over the DevTools websocket (``websockets``' sync client)."""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


class Page:
    def __init__(self, ws: ClientConnection, session: str) -> None:
        self.ws, self.session = ws, session
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids) + 1000
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params, "sessionId": self.session}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def wait_for(self, expression: str, timeout_s: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for: {expression}")

    def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    def problems(self) -> list[str]:
        """Exceptions and console errors the page reported (CSP violations among them)."""
        out = []
        for e in self.events:
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(str(e["params"]["exceptionDetails"].get("exception", {}).get("description")))
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                out.append(str(e["params"]["entry"].get("text")))
        return out


@contextmanager
def open_page(width: int = 1280, height: int = 1000) -> Iterator[Page]:
    path = browser()
    assert path is not None
    with tempfile.TemporaryDirectory() as profile:
        log = Path(profile) / "chromium.log"
        err = log.open("w")
        proc = subprocess.Popen(
            [
                path,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            endpoint = None
            deadline = time.monotonic() + 30
            while endpoint is None and time.monotonic() < deadline:
                if m := re.search(r"DevTools listening on (ws://\S+)", log.read_text()):
                    endpoint = m.group(1)
                elif proc.poll() is not None:
                    raise RuntimeError(f"chromium stopped ({proc.returncode}): {log.read_text()[-2000:]}")
                else:
                    time.sleep(0.1)
            assert endpoint, "chromium did not open its DevTools endpoint"
            with connect(endpoint, max_size=64 * 1024 * 1024, open_timeout=30) as ws:
                ws.send(json.dumps({"id": 1, "method": "Target.createTarget", "params": {"url": "about:blank"}}))
                target = _reply(ws, 1)["targetId"]
                ws.send(
                    json.dumps(
                        {"id": 2, "method": "Target.attachToTarget", "params": {"targetId": target, "flatten": True}}
                    )
                )
                page = Page(ws, _reply(ws, 2)["sessionId"])
                for domain in ("Page", "Runtime", "Log"):
                    page.send(f"{domain}.enable")
                page.send(
                    "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False
                )
                yield page
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            err.close()


def _reply(ws: ClientConnection, ident: int) -> dict[str, Any]:
    while True:
        message = json.loads(ws.recv(timeout=30))
        if message.get("id") == ident:
            return dict(message["result"])
