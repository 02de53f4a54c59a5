"""One signed-in user over plain HTTP, and how a page's time is measured."""

from __future__ import annotations

import http.client
import math
import re
import statistics
import time
from html import unescape
from typing import TypedDict
from urllib.parse import urlencode, urljoin


class PageFigures(TypedDict):
    median_ms: float
    p95_ms: float
    queries: int | None
    bytes: int | None
    requests: int
    status: list[int]


class Browser:
    """One signed-in user over plain HTTP: a cookie jar of two cookies, nothing more."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {"Host": "127.0.0.1", "Accept-Language": "uk", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response, content, elapsed

    def sign_in(self, username: str, password: str) -> None:
        response, content, _ = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if response.status != 200 or not token:
            raise SystemExit(f"The sign-in page answered {response.status}")
        body = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        response, _content, _ = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Signing in as {username} failed: {response.status}")


def links(content: bytes, pattern: str) -> list[str]:
    found = re.findall(rb'href="([^"]+)"', content)
    return [
        unescape(href.decode()) for href in found if re.search(pattern, unescape(href.decode()))
    ]


def follow_next(browser: Browser, path: str, label_pattern: str, pages: int) -> str | None:
    """The page reached through up to ``pages`` "next" links from ``path`` (None: no next)."""
    current = path
    for _ in range(pages):
        _response, content, _ = browser.request("GET", current)
        match = None
        for anchor in re.finditer(
            rb'<a [^>]*href="([^"]*cursor=[^"]*)"[^>]*>(.*?)</a>', content, re.S
        ):
            if re.search(label_pattern.encode(), anchor.group(2)):
                match = unescape(anchor.group(1).decode())
        if match is None:
            break
        current = urljoin(current, match)
    return current if current != path else None


def measure(
    browser: Browser,
    path: str,
    *,
    warmup: int,
    requests: int,
    budget: float | None = None,
    at_least: int = 5,
) -> PageFigures:
    """Warm up, then time ``requests`` GETs one after another. With a ``budget`` (seconds)
    a slow page stops early, after ``at_least`` timed requests; "requests" says how many."""
    times: list[float] = []
    statuses: set[int] = set()
    queries: int | None = None
    size: int | None = None
    started = time.monotonic()
    for n in range(warmup + requests):
        response, content, elapsed = browser.request("GET", path)
        statuses.add(response.status)
        if n >= warmup:
            times.append(elapsed * 1000)
            queries = int(response.getheader("X-Bench-Queries") or -1)
            size = len(content)
            if budget and len(times) >= at_least and time.monotonic() - started > budget:
                break
    times.sort()
    p95 = times[math.ceil(0.95 * len(times)) - 1]  # nearest rank
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "queries": queries,
        "bytes": size,
        "requests": len(times),
        "status": sorted(statuses),
    }
