"""A throwaway Dovecot IMAP server on loopback, for the intake tests (and CI)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "support"
PASSWORD = "intake-test-password"  # nosec B105 # a throwaway test server's


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def write_config(self) -> Path:
        as_root = os.geteuid() == 0
        users = self.root / "users"
        users.write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        home = self.root / "home"
        home.mkdir()
        owner = "dovecot" if as_root else str(os.getuid())
        group = "dovecot" if as_root else str(os.getgid())
        if as_root:
            shutil.chown(home, "dovecot", "dovecot")
        lines = [
            "protocols = imap",
            "listen = 127.0.0.1",
            f"base_dir = {self.root}/run",
            f"state_dir = {self.root}/state",
            f"log_path = {self.root}/dovecot.log",
            "ssl = no",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            "mail_location = maildir:~/Maildir",
            "first_valid_uid = 1",
            "first_valid_gid = 1",
            "passdb {",
            "driver = passwd-file",
            f"args = scheme=PLAIN username_format=%u {users}",
            "}",
            "userdb {",
            "driver = static",
            f"args = uid={owner} gid={group} home={home}/%u",
            "}",
            "service imap-login {",
            "chroot =",
            "inet_listener imap {",
            "address = 127.0.0.1",
            f"port = {self.port}",
            "}",
            "inet_listener imaps {",
            "port = 0",
            "}",
            "}",
            "service anvil {",
            "chroot =",
            "}",
            "service stats {",
            "chroot =",
            "}",
        ]
        if as_root:
            lines += ["default_internal_user = dovecot", "default_login_user = dovenull"]
        else:
            user = os.environ.get("USER") or str(os.getuid())
            lines += [f"default_internal_user = {user}", f"default_login_user = {user}"]
        config = self.root / "dovecot.conf"
        config.write_text("\n".join(lines) + "\n")
        return config

    def start(self) -> None:
        config = self.write_config()
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"dovecot exited: {error} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_dovecot(root: Path) -> Dovecot:
    server = Dovecot(root=root, port=_free_port())
    server.start()
    return server
