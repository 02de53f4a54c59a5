"""One POST of one delivery: checked against the allow-list, signed, short timeouts, no
redirects, no proxies or .netrc from the environment, and the answer read only a little."""

from __future__ import annotations

import time

import requests
from django.conf import settings
from django.utils.translation import gettext

from webhooks import signing
from webhooks.models import Delivery
from webhooks.relay import Outcome
from webhooks.safety import url_refusal

# Of the receiver's answer, only this much is read (and kept, for the delivery log).
ANSWER_LIMIT = 1024


def new_session() -> requests.Session:
    session = requests.Session()
    # Proxy variables and .netrc credentials of the worker's environment are not the
    # receiver's business, and a proxy would make the allow-list check meaningless.
    session.trust_env = False
    return session


def _answer(response: requests.Response) -> str:
    """The first ``ANSWER_LIMIT`` bytes of the answer. A short answer read to its end
    leaves the connection open for the next POST; a longer one is cut off and closed."""
    try:
        raw = response.raw.read(ANSWER_LIMIT + 1, decode_content=True) or b""
    except Exception:  # a receiver that hangs up mid-answer: the status is what counts
        response.close()
        return ""
    if len(raw) > ANSWER_LIMIT:
        response.close()
    else:
        response.raw.release_conn()
    return raw[:ANSWER_LIMIT].decode("utf-8", errors="replace")


def post(delivery: Delivery, session: requests.Session) -> Outcome:
    """Send ``delivery`` once; every failure is an outcome, nothing raises."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return Outcome(False, error=gettext("The endpoint is not active."), retry=False)
    refusal = url_refusal(endpoint.url)
    if refusal is not None:
        return Outcome(False, error=refusal, retry=False)
    body = signing.body_bytes(delivery.payload)
    timestamp = int(time.time())
    headers = signing.headers(
        secret=endpoint.secret,
        timestamp=timestamp,
        body=body,
        event=delivery.event,
        delivery_id=delivery.pk,
    )
    try:
        response = session.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=(settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT),
            allow_redirects=False,
            stream=True,
        )
    except requests.RequestException as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}")
    answer = _answer(response)
    if 200 <= response.status_code < 300:
        return Outcome(True, status_code=response.status_code)
    if 300 <= response.status_code < 400:
        answer = f"redirect to {response.headers.get('Location', '?')} (not followed)"
    return Outcome(
        False, status_code=response.status_code, error=f"HTTP {response.status_code}: {answer}"
    )
