"""What is measured: every page of each role (after walking to the deep pages), and the
throughput of the busiest ones under wrk."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import quote

from bench.browser import Browser, follow_next, links

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
  local e = summary.errors
  io.write(string.format("BENCH p95_us=%d non2xx=%d socket=%d\\n", latency:percentile(95),
    bad_total, e.connect + e.read + e.write + e.timeout))
end
"""
# (name, role, url) of a measured page.
Page = tuple[str, str, str]


class WrkFigures(TypedDict):
    rps: float
    errors: int
    p95_ms: float


# The directors' admin: its landing, the approvals, and the lists of the biggest tables.
ADMIN_PAGES: tuple[Page, ...] = (
    ("admin-index", "director", "/admin/"),
    ("admin-approvals-awaiting", "director", "/admin/approvals/approvalrequest/awaiting/"),
    ("admin-approvals", "director", "/admin/approvals/approvalrequest/"),
    ("admin-claims", "director", "/admin/claims/claim/"),
    ("admin-handoffs", "director", "/admin/handoffs/handoff/"),
    ("admin-claim-events", "director", "/admin/claims/claimevent/"),
)


def page_plan(port: int, fixtures: dict[str, Any]) -> tuple[list[Page], dict[str, Browser]]:
    """(name, role, url) of every page measured, after walking to the deep pages."""
    plan: list[Page] = []
    browsers: dict[str, Browser] = {}
    for role, username in fixtures["users"].items():
        browsers[role] = Browser(port)
        browsers[role].sign_in(username, fixtures["password"])
    deep_pages = fixtures["deep_pages"]

    for role in ("staff", "head"):
        browser = browsers[role]
        for tab in fixtures["tabs"][role]:
            url = f"/handoffs/?tab={tab}"
            plan.append((f"inbox-{role}-{tab}", role, url))
            deep = follow_next(browser, url, "bi-chevron-right", deep_pages)
            if deep:
                plan.append((f"inbox-{role}-{tab}-deep", role, deep))
    for role in ("manager", "staff", "director"):
        plan.append((f"claims-{role}", role, "/claims/"))
        plan.append((f"claims-{role}-open", role, "/claims/?status=in_progress"))
        plan.append((f"claims-{role}-overdue-high", role, "/claims/?overdue=on&priority=high"))
        deep = follow_next(browsers[role], "/claims/", "bi-chevron-right", deep_pages)
        if deep:
            plan.append((f"claims-{role}-deep", role, deep))
    plan += [
        ("claim-manager", "manager", f"/claims/{fixtures['claim']}/"),
        ("claim-staff", "staff", f"/claims/{fixtures['staff_claim']}/"),
        ("contract-manager", "manager", f"/contracts/{fixtures['contract']}/"),
        ("contract-timeline", "manager", f"/contracts/{fixtures['contract']}/timeline/"),
        ("contract-list-manager", "manager", "/contracts/"),
        ("portfolio", "manager", "/contracts/portfolio/"),
        ("client-manager", "manager", f"/clients/{fixtures['client']}/"),
        ("client-list-manager", "manager", "/clients/"),
        ("my-work", "manager", "/claims/my-work/"),
        ("my-work-requests", "manager", "/handoffs/mine/"),
        ("my-work-approvals", "manager", "/approvals/"),
        ("my-work-notifications", "manager", "/accounts/notifications/"),
        ("search-manager", "manager", f"/search/?q={quote(fixtures['search'])}"),
        ("search-director", "director", f"/search/?q={quote(fixtures['search'])}"),
        *ADMIN_PAGES,
        ("admin-claims-search", "director", f"/admin/claims/claim/?q={quote(fixtures['search'])}"),
    ]
    for role, path in (
        ("manager", "/dashboards/manager/"),
        ("head", "/dashboards/department/"),
        ("director", "/dashboards/directors/"),
    ):
        name = f"dashboard-{path.strip('/').split('/')[-1]}"
        plan.append((name, role, path))
        _response, content, _ = browsers[role].request("GET", path)
        seen: set[str] = set()
        for href in links(content, r"^/dashboards/(claims|handoffs)/"):
            kind = "claims" if "/claims/" in href else "handoffs"
            if kind not in seen:
                seen.add(kind)
                plan.append((f"{name}-{kind}", role, href))
    return plan, browsers


def run_wrk(
    port: int, browser: Browser, path: str, *, connections: int, seconds: int, temp: Path
) -> WrkFigures:
    script = temp / "bench.lua"
    script.write_text(WRK_SCRIPT)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "Accept-Language: uk",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    mine = re.search(r"BENCH p95_us=(\d+) non2xx=(\d+) socket=(\d+)", output)
    if found is None or mine is None:
        raise SystemExit(f"wrk said nothing this runner understands:\n{output}")
    rps = float(found.group(1))
    return {
        "rps": round(rps, 1),
        "errors": int(mine.group(2)) + int(mine.group(3)),
        "p95_ms": round(int(mine.group(1)) / 1000, 1),
    }
