"""Metric families read at scrape time from the objects a process holds: the
database pools, the response cache and the live subscriptions.

``bind`` names the objects of the running service (the last one bound wins,
as one process runs one service); nothing is read between scrapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from service.operations.metrics import REGISTRY

Stats = Callable[[], dict[str, int]]


@dataclass
class Sources:
    pools: dict[str, Stats] = field(default_factory=dict)
    cache: Any | None = None
    subscribers: Callable[[], int] | None = None


class ServiceCollector(Collector):
    """The ``voortgang_db_pool_*``, ``voortgang_response_cache_*`` and
    ``voortgang_subscriptions_open`` families."""

    def __init__(self) -> None:
        self.sources = Sources()

    def collect(self) -> Iterator[Metric]:
        yield from self._pools()
        yield from self._cache()
        subscriptions = GaugeMetricFamily("voortgang_subscriptions_open", "Open GraphQL subscriptions")
        subscriptions.add_metric([], self.sources.subscribers() if self.sources.subscribers else 0)
        yield subscriptions

    def _pools(self) -> Iterator[Metric]:
        size = GaugeMetricFamily("voortgang_db_pool_connections", "Connections open in the pool", labels=["pool"])
        idle = GaugeMetricFamily("voortgang_db_pool_available", "Idle connections in the pool", labels=["pool"])
        most = GaugeMetricFamily("voortgang_db_pool_max", "Most connections the pool may open", labels=["pool"])
        waiting = GaugeMetricFamily(
            "voortgang_db_pool_requests_waiting", "Requests waiting for a connection now", labels=["pool"]
        )
        requests = CounterMetricFamily(
            "voortgang_db_pool_requests", "Connections handed out by the pool", labels=["pool"]
        )
        wait = CounterMetricFamily(
            "voortgang_db_pool_wait_seconds", "Time requests spent waiting for a connection", labels=["pool"]
        )
        errors = CounterMetricFamily(
            "voortgang_db_pool_errors", "Requests that got no connection (timeout, error)", labels=["pool"]
        )
        for name, stats_of in sorted(self.sources.pools.items()):
            try:
                stats = stats_of()
            except Exception:  # noqa: BLE001, S112 - a closed pool reports nothing, the scrape goes on
                continue
            size.add_metric([name], stats.get("pool_size", 0))
            idle.add_metric([name], stats.get("pool_available", 0))
            most.add_metric([name], stats.get("pool_max", 0))
            waiting.add_metric([name], stats.get("requests_waiting", 0))
            requests.add_metric([name], stats.get("requests_num", 0))
            wait.add_metric([name], stats.get("requests_wait_ms", 0) / 1000)
            errors.add_metric([name], stats.get("requests_errors", 0))
        yield from (size, idle, most, waiting, requests, wait, errors)

    def _cache(self) -> Iterator[Metric]:
        cache = self.sources.cache
        for name, attribute, text in (
            ("hits", "hits", "Queries answered from the response cache"),
            ("misses", "misses", "Queries the response cache could not answer"),
            ("evictions", "evictions", "Answers dropped from the response cache to make room"),
        ):
            family = CounterMetricFamily(f"voortgang_response_cache_{name}", text)
            family.add_metric([], getattr(cache, attribute, 0) if cache is not None else 0)
            yield family
        entries = GaugeMetricFamily("voortgang_response_cache_entries", "Answers held in the response cache")
        entries.add_metric([], len(cache) if cache is not None else 0)
        yield entries


_collector: ServiceCollector | None = None


def collector() -> ServiceCollector:
    """The one collector on the registry (registered on first use, not at import)."""
    global _collector  # noqa: PLW0603 - one registry per process
    if _collector is None:
        _collector = ServiceCollector()
        REGISTRY.register(_collector)
    return _collector


def bind(runtime: Any, broker: Any | None = None) -> None:
    """Report on this runtime's pools and cache and this broker's subscribers."""
    sources = collector().sources
    sources.pools = {"read": runtime.pool.get_stats}
    datastore = getattr(runtime.app.recorder, "datastore", None)
    if datastore is not None:
        sources.pools["write"] = datastore.pool.get_stats
    sources.cache = runtime.response_cache
    sources.subscribers = (lambda: len(broker.subscribers)) if broker is not None else None
