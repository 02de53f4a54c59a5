"""The throwaway servers a benchmark run starts (PostgreSQL, Redis, gunicorn, a worker),
the ports they listen on, and the run's log lines."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
_FIRST_PORT = int(os.environ.get("BENCH_PORT_FIRST", "57500"))
PORTS = range(_FIRST_PORT, int(os.environ.get("BENCH_PORT_LAST", _FIRST_PORT + 99)) + 1)


def log(message: str) -> None:
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


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"Nothing listens on port {port} after {seconds} s")


class Services:
    """The throwaway servers this run started; stopped on exit."""

    def __init__(self) -> None:
        self.pg_dir: Path | None = None
        self.pg_port: int | None = None
        self.redis: subprocess.Popen[bytes] | None = None
        self.processes: list[subprocess.Popen[bytes]] = []
        self.temp = Path(tempfile.mkdtemp(prefix="casedesk-bench-"))

    def _as_postgres(
        self, *command: str | Path, **kwargs: Any
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            cwd=self.pg_dir,
            check=True,
            **kwargs,
        )

    def start_postgres(self) -> str:
        self.pg_dir = pg_dir = Path(tempfile.mkdtemp(prefix="casedesk-bench-pg-"))
        (pg_dir / "socket").mkdir()
        shutil.chown(pg_dir, "postgres", "postgres")
        shutil.chown(pg_dir / "socket", "postgres", "postgres")
        self.pg_port = free_port()
        log(f"Creating a PostgreSQL 15 cluster in {self.pg_dir} (port {self.pg_port})")
        self._as_postgres(
            PG_BIN / "initdb",
            "-D",
            pg_dir / "data",
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

    def _pg_ctl(self, action: str, extra: str = "") -> None:
        assert self.pg_dir is not None, "start_postgres first"
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

    def restart_postgres_on_defaults(self) -> None:
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

    def spawn(
        self, command: list[str], *, log_name: str, env: Mapping[str, str]
    ) -> subprocess.Popen[bytes]:
        out = open(self.temp / log_name, "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self) -> None:
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


def ensure_database(url: str) -> None:
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
