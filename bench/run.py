"""`make bench`: seed (once), serve with production settings, sign in as each role, measure.

    python -m bench.run --scale 100k
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/casedesk_bench_1m python -m bench.run --scale 1m

Without DATABASE_URL it starts a throwaway PostgreSQL 15 the way .ci/run does (initdb
as the postgres user, loopback, a free port); it seeds with fsync off and restarts on
default settings before measuring. Without REDIS_URL it starts a redis-server for the
expiry job's worker. A database that already holds the scale is not seeded again
(SEED=0 skips seeding whatever it holds). Prints a table and writes
bench/results/latest.json; it writes nothing else in the tree.
"""

import argparse
import contextlib
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
_FIRST_PORT = int(os.environ.get("BENCH_PORT_FIRST", "57500"))
PORTS = range(_FIRST_PORT, int(os.environ.get("BENCH_PORT_LAST", _FIRST_PORT + 99)) + 1)
RESULTS = ROOT / "bench" / "results" / "latest.json"
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


def log(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port in {PORTS.start}-{PORTS.stop - 1}")


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"Nothing listens on port {port} after {seconds} s")


class Services:
    """The throwaway servers this run started; stopped on exit."""

    def __init__(self):
        self.pg_dir: Path | None = None
        self.pg_port = None
        self.redis: subprocess.Popen | None = None
        self.processes: list[subprocess.Popen] = []
        self.temp = Path(tempfile.mkdtemp(prefix="casedesk-bench-"))

    def _as_postgres(self, *command, **kwargs):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            cwd=self.pg_dir,
            check=True,
            **kwargs,
        )

    def start_postgres(self) -> str:
        self.pg_dir = Path(tempfile.mkdtemp(prefix="casedesk-bench-pg-"))
        (self.pg_dir / "socket").mkdir()
        shutil.chown(self.pg_dir, "postgres", "postgres")
        shutil.chown(self.pg_dir / "socket", "postgres", "postgres")
        self.pg_port = free_port()
        log(f"Creating a PostgreSQL 15 cluster in {self.pg_dir} (port {self.pg_port})")
        self._as_postgres(
            PG_BIN / "initdb",
            "-D",
            self.pg_dir / "data",
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            stdout=subprocess.DEVNULL,
        )
        # fsync off only while seeding; measuring restarts it on default settings.
        self._pg_ctl("start", "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/casedesk_bench"

    def _pg_ctl(self, action, extra=""):
        options = f"-c listen_addresses=127.0.0.1 -p {self.pg_port} -k {self.pg_dir}/socket {extra}"
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.pg_dir / "data",
            "-l",
            self.pg_dir / "postgresql.log",
            "-w",
            "-t",
            "120",
            "-o",
            options,
            action,
            stdout=subprocess.DEVNULL,
        )

    def restart_postgres_on_defaults(self):
        if self.pg_dir is not None:
            log("Restarting PostgreSQL on default settings (fsync on) for measuring")
            self._pg_ctl("restart")

    def start_redis(self) -> str:
        port = free_port()
        log(f"Starting redis-server on 127.0.0.1:{port}")
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(port)
        return f"redis://127.0.0.1:{port}/0"

    def spawn(self, command, *, log_name, env):
        out = open(self.temp / log_name, "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(10)
        if self.pg_dir is not None:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._as_postgres(
                    PG_BIN / "pg_ctl", "-D", self.pg_dir / "data", "-m", "fast", "-w", "stop"
                )
            shutil.rmtree(self.pg_dir, ignore_errors=True)
        shutil.rmtree(self.temp, ignore_errors=True)


def ensure_database(url):
    """Create the database named in ``url`` if the server does not have it yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to benchmark on {name!r}: its name must contain 'bench'.")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            log(f"Creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


# --- HTTP ----------------------------------------------------------------------------


class Browser:
    """One signed-in user over plain HTTP: a cookie jar of two cookies, nothing more."""

    def __init__(self, port):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
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

    def sign_in(self, username, password):
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


def follow_next(browser, path, label_pattern, pages) -> str | None:
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


def measure(browser, path, *, warmup, requests, budget=None, at_least=5):
    """Warm up, then time ``requests`` GETs one after another. With a ``budget`` (seconds)
    a slow page stops early, after ``at_least`` timed requests; "requests" says how many."""
    times, statuses = [], set()
    queries = size = None
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


# --- what is measured ----------------------------------------------------------------


def page_plan(port, fixtures):
    """(name, role, url) of every page measured, after walking to the deep pages."""
    plan = []
    browsers = {}
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
        ("admin-index", "director", "/admin/"),
        ("admin-approvals-awaiting", "director", "/admin/approvals/approvalrequest/awaiting/"),
        ("admin-approvals", "director", "/admin/approvals/approvalrequest/"),
        ("admin-claims", "director", "/admin/claims/claim/"),
    ]
    for role, path in (
        ("manager", "/dashboards/manager/"),
        ("head", "/dashboards/department/"),
        ("director", "/dashboards/directors/"),
    ):
        name = f"dashboard-{path.strip('/').split('/')[-1]}"
        plan.append((name, role, path))
        _response, content, _ = browsers[role].request("GET", path)
        seen = set()
        for href in links(content, r"^/dashboards/(claims|handoffs)/"):
            kind = "claims" if "/claims/" in href else "handoffs"
            if kind not in seen:
                seen.add(kind)
                plan.append((f"{name}-{kind}", role, href))
    return plan, browsers


def run_wrk(port, browser, path, *, connections, seconds, temp):
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
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    mine = re.search(r"BENCH p95_us=(\d+) non2xx=(\d+) socket=(\d+)", output)
    return {
        "rps": round(rps, 1),
        "errors": int(mine.group(2)) + int(mine.group(3)),
        "p95_ms": round(int(mine.group(1)) / 1000, 1),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE", "100k"))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("REQUESTS", "30")))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("WARMUP", "3")))
    parser.add_argument("--deep-pages", type=int, default=int(os.environ.get("DEEP_PAGES", "5")))
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("PAGE_BUDGET", "0")) or None,
        help="seconds per page after which a slow page stops (at least 5 requests)",
    )
    parser.add_argument("--at-least", type=int, default=int(os.environ.get("MIN_REQUESTS", "5")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("WRK_SECONDS", "30")))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--worker-class", default=os.environ.get("WORKER_CLASS", "sync"))
    parser.add_argument(
        "--only", default=os.environ.get("ONLY", ""), help="name prefixes, comma-separated"
    )
    parser.add_argument("--skip-pages", action="store_true", help="and the throughput")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-jobs", action="store_true")
    args = parser.parse_args(argv)
    seed_wanted = os.environ.get("SEED", "auto")

    # Stopped from outside (or started in the background, where SIGINT is ignored):
    # still stop the servers this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    services = Services()
    try:
        return _run(args, services, seed_wanted)
    finally:
        services.stop()


def _run(args, services, seed_wanted):
    database_url = os.environ.get("DATABASE_URL") or services.start_postgres()
    ensure_database(database_url)
    redis_url = os.environ.get("REDIS_URL") or services.start_redis()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 30),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BENCH_QUERY_COUNT": "true",
        "STATIC_ROOT": str(services.temp / "static"),
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import jobs
    from bench.seeding import seeded_scale

    log("Migrating")
    call_command("migrate", verbosity=0)
    held = seeded_scale()
    seed_seconds = None
    if seed_wanted == "0" or held == args.scale:
        log(f"Not seeding: the database holds scale {held}")
    else:
        log(f"Seeding scale {args.scale}")
        started = time.monotonic()
        call_command("seed_scale", scale=args.scale)
        seed_seconds = round(time.monotonic() - started, 1)
    from django.db import connections

    connections.close_all()
    services.restart_postgres_on_defaults()
    call_command("collectstatic", verbosity=0, interactive=False)
    fixtures = {**jobs.fixtures(), "deep_pages": args.deep_pages}

    port = free_port()
    log(f"Starting gunicorn ({args.workers} {args.worker_class} workers) on 127.0.0.1:{port}")
    services.spawn(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            args.worker_class,
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        log_name="gunicorn.log",
        env=env,
    )
    wait_for_port(port)

    plan, browsers = ([], {}) if args.skip_pages else page_plan(port, fixtures)
    prefixes = [p for p in args.only.split(",") if p]
    pages = []
    for name, role, url in plan:
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        result = measure(
            browsers[role],
            url,
            warmup=args.warmup,
            requests=args.requests,
            budget=args.budget,
            at_least=args.at_least,
        )
        statuses = result.pop("status")
        if statuses != [200]:
            log(f"  {name}: answered {statuses}")
        pages.append({"name": name, "role": role, "url": url, **result})
        log(
            f"  {name:<38} {result['median_ms']:>8.1f} {result['p95_ms']:>8.1f} ms "
            f"{result['queries']:>4} q {result['bytes']:>8} B ×{result['requests']}"
        )

    throughput = []
    if not (args.skip_throughput or args.skip_pages):
        for name, role, url in (
            ("inbox-staff", "staff", "/handoffs/"),
            ("claims-director", "director", "/claims/"),
        ):
            log(f"wrk {name}: {args.connections} connections, {args.seconds} s")
            figures = run_wrk(
                port,
                browsers[role],
                url,
                connections=args.connections,
                seconds=args.seconds,
                temp=services.temp,
            )
            throughput.append(
                {"name": name, "concurrency": args.connections, "seconds": args.seconds, **figures}
            )

    job_results = []
    if not args.skip_jobs:
        job_results.append(jobs.measure_expiry(services, env=env, scale=args.scale))

    results = {
        "scale": args.scale,
        "commit": _commit(),
        "machine": _machine(),
        "pages": pages,
        "throughput": throughput,
        "jobs": job_results,
        "seed_seconds": seed_seconds,
        "setup": {
            "gunicorn": f"{args.workers} {args.worker_class} workers",
            "requests": args.requests,
            "warmup": args.warmup,
            "load_average": os.getloadavg(),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    log(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0


def table(results) -> str:
    lines = [
        f"Scale {results['scale']} · commit {results['commit']} · {results['machine']}",
        "",
        f"| {'page':<38} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | {'KB':>7} |",
        f"|{'-' * 40}|{'-' * 11}:|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|",
    ]
    for page in results["pages"]:
        lines.append(
            f"| {page['name']:<38} | {page['median_ms']:>9.1f} | {page['p95_ms']:>8.1f} | "
            f"{page['queries']:>7} | {page['bytes'] / 1024:>7.1f} |"
        )
    if results["throughput"]:
        lines += [
            "",
            "| throughput | connections | s | req/s | errors | p95 ms |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for row in results["throughput"]:
            lines.append(
                f"| {row['name']} | {row['concurrency']} | {row['seconds']} | {row['rps']} | "
                f"{row['errors']} | {row['p95_ms']} |"
            )
    if results["jobs"]:
        lines += ["", "| job | seconds | count | duplicates |", "|---|--:|--:|--:|"]
        for row in results["jobs"]:
            lines.append(
                f"| {row['name']} | {row['seconds']} | {row['count']} | {row['duplicates']} |"
            )
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores {model}, {memory:.0f} GB, {platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    sys.exit(main())
