"""The signature of a delivery (`docs/WEBHOOKS.md` shows the receiver's side).

``X-Casedesk-Signature: v1=<hex>`` is HMAC-SHA256, keyed with the endpoint's secret, of
the timestamp (``X-Casedesk-Timestamp``, Unix seconds), a dot, and the raw body bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_VERSION = "v1"


def body_bytes(payload: Any) -> bytes:
    """The JSON body as sent: UTF-8, compact, keys sorted (the same bytes every attempt)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def headers(
    *, secret: str, timestamp: int, body: bytes, event: str, delivery_id: int
) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Casedesk-Webhooks/1",
        "X-Casedesk-Event": event,
        "X-Casedesk-Delivery": str(delivery_id),
        "X-Casedesk-Timestamp": str(timestamp),
        "X-Casedesk-Signature": signature(secret, timestamp, body),
    }
