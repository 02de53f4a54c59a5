"""A real HTTP receiver on loopback, verifying signatures exactly as docs/WEBHOOKS.md tells
receivers to (its own code, not the sender's), and answering as a test scripts it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret: str, headers, body: bytes, *, tolerance: int = 300) -> bool:
    """The documented check: HMAC-SHA256 of "<timestamp>.<body>", compared in constant
    time, and a timestamp within five minutes."""
    timestamp = headers.get("X-Casedesk-Timestamp", "")
    signature = headers.get("X-Casedesk-Signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(signature, "v1=" + expected.hexdigest())


@dataclass
class Received:
    headers: dict
    body: bytes
    valid: bool

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    # What to answer, in order (the last repeats): an HTTP status, or ("sleep", seconds).
    script: list = field(default_factory=lambda: [200])
    received: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def next_answer(self):
        with self.lock:
            answer = self.script[0] if len(self.script) == 1 else self.script.pop(0)
        return answer

    def start(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = owner.next_answer()
                with owner.lock:
                    owner.received.append(
                        Received(dict(self.headers), body, verify(owner.secret, self.headers, body))
                    )
                if isinstance(answer, tuple):
                    time.sleep(answer[1])
                    answer = 200
                self.send_response(answer)
                if 300 <= answer < 400:
                    self.send_header("Location", "http://10.0.0.1/internal")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
