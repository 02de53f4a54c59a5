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

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Mapping
from typing import Any

from bench.browser import Browser, PageFigures, measure
from bench.plan import Page, page_plan, run_wrk
from bench.report import machine, short_commit, table
from bench.servers import ROOT, Services, ensure_database, free_port, log, wait_for_port

RESULTS = ROOT / "bench" / "results" / "latest.json"
# The pages whose throughput wrk measures.
THROUGHPUT_PAGES = (
    ("inbox-staff", "staff", "/handoffs/"),
    ("claims-director", "director", "/claims/"),
)

__all__ = ["RESULTS", "main", "table"]


class Arguments(argparse.Namespace):
    scale: str
    requests: int
    warmup: int
    deep_pages: int
    budget: float | None
    at_least: int
    seconds: int
    connections: int
    workers: int
    worker_class: str
    only: str
    skip_pages: bool
    skip_throughput: bool
    skip_jobs: bool


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv, namespace=Arguments())
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


def _run(args: Arguments, services: Services, seed_wanted: str) -> int:
    env = _environment(services)
    os.environ.update(env)
    import django

    django.setup()
    from bench import jobs
    from bench.due_times import measure_due_times

    seed_seconds = _prepare_database(args, seed_wanted)
    services.restart_postgres_on_defaults()
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    fixtures = {**jobs.fixtures(), "deep_pages": args.deep_pages}
    port = _start_gunicorn(args, services, env)
    plan, browsers = ([], {}) if args.skip_pages else page_plan(port, fixtures)
    pages = _measure_pages(args, plan, browsers)
    throughput = []
    if not (args.skip_throughput or args.skip_pages):
        throughput = _measure_throughput(args, port, browsers, services)
    job_results: list[Mapping[str, object]] = []
    if not args.skip_jobs:
        job_results.append(jobs.measure_expiry(services, env=env, scale=args.scale))
        job_results.append(measure_due_times())
        from bench.exports import measure_xlsx_export

        job_results.append(measure_xlsx_export(fixtures["users"]["director"]))
    results = {
        "scale": args.scale,
        "commit": short_commit(),
        "machine": machine(),
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


def _environment(services: Services) -> dict[str, str]:
    """Production settings on the run's database and broker (started here if not given),
    plain HTTP, and the query-count header on."""
    database_url = os.environ.get("DATABASE_URL") or services.start_postgres()
    ensure_database(database_url)
    redis_url = os.environ.get("REDIS_URL") or services.start_redis()
    return {
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


def _prepare_database(args: Arguments, seed_wanted: str) -> float | None:
    """Migrate, and seed unless the database holds the scale; the seconds seeding took."""
    from django.core.management import call_command
    from django.db import connections

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
    connections.close_all()
    return seed_seconds


def _start_gunicorn(args: Arguments, services: Services, env: dict[str, str]) -> int:
    port = free_port()
    log(f"Starting gunicorn ({args.workers} {args.worker_class} workers) on 127.0.0.1:{port}")
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    command += ["--worker-class", args.worker_class, "--timeout", "120", "--access-logfile", "-"]
    services.spawn(command, log_name="gunicorn.log", env=env)
    wait_for_port(port)
    return port


def _measure_pages(
    args: Arguments, plan: list[Page], browsers: dict[str, Browser]
) -> list[dict[str, Any]]:
    prefixes = [p for p in args.only.split(",") if p]
    pages: list[dict[str, Any]] = []
    for name, role, url in plan:
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        result: PageFigures = measure(
            browsers[role],
            url,
            warmup=args.warmup,
            requests=args.requests,
            budget=args.budget,
            at_least=args.at_least,
        )
        figures: dict[str, Any] = dict(result)
        statuses = figures.pop("status")
        if statuses != [200]:
            log(f"  {name}: answered {statuses}")
        pages.append({"name": name, "role": role, "url": url, **figures})
        log(
            f"  {name:<38} {result['median_ms']:>8.1f} {result['p95_ms']:>8.1f} ms "
            f"{result['queries']:>4} q {result['bytes']:>8} B ×{result['requests']}"
        )
    return pages


def _measure_throughput(
    args: Arguments, port: int, browsers: dict[str, Browser], services: Services
) -> list[dict[str, Any]]:
    throughput = []
    for name, role, url in THROUGHPUT_PAGES:
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
    return throughput


if __name__ == "__main__":
    sys.exit(main())
