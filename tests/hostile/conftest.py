from collections import Counter

import pytest

from tests.hostile import STATS
from tests.hostile.world import world  # noqa: F401 (the cases' fixture, for every test here)


@pytest.fixture(autouse=True)
def _report_hostile_figures(request):
    """What this test sent, on its report, for the summary in tests/conftest.py (the
    counters of a pytest-xdist worker stay in that worker)."""
    before = Counter(STATS)
    yield
    sent = Counter(STATS)
    sent.subtract(before)
    request.node.user_properties.append(("hostile_input", dict(sent)))
