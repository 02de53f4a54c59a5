import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

KYIV = ZoneInfo("Europe/Kyiv")
# Mid-May 2026 in Kyiv, clear of the daylight-saving switches.
NOW = datetime.datetime(2026, 5, 14, 12, 0, tzinfo=KYIV)
TODAY = NOW.date()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
