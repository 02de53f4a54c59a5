"""The due-times benchmark line: 10,000 claims' due times in under a second, no query per claim."""

import pytest

from bench.due_times import LIMIT_SECONDS, measure_due_times

pytestmark = pytest.mark.django_db


def test_due_times_for_10k_claims_take_under_a_second():
    figures = measure_due_times()

    assert figures["name"] == "due-times-10k"
    assert figures["count"] == 10_000
    assert figures["seconds"] < LIMIT_SECONDS


def test_due_times_do_not_query_per_claim(django_assert_max_num_queries):
    # Finding the 24/7 calendar, then each calendar read once: the default (3 queries)
    # and the 24/7 one (1: it has no hours to read). The same for 500 claims as for 10,000.
    with django_assert_max_num_queries(5):
        measure_due_times(count=500)
