"""The due-times benchmark line: it computes 10,000 claims' due times without a query per
claim. How long it takes is the benchmark's figure (`make bench`, the "due-times-10k" job,
against its 1 s bar), not a timed test: a loaded CI machine would make that flaky."""

import pytest

from bench.due_times import measure_due_times

pytestmark = pytest.mark.django_db


def test_the_job_computes_due_times_for_10k_claims():
    figures = measure_due_times()

    assert figures["name"] == "due-times-10k"
    assert figures["count"] == 10_000
    assert figures["duplicates"] == 0


def test_due_times_do_not_query_per_claim(django_assert_max_num_queries):
    # Finding the 24/7 calendar, then each calendar read once: the default (3 queries)
    # and the 24/7 one (1: it has no hours to read). The same for 500 claims as for 10,000.
    with django_assert_max_num_queries(5):
        measure_due_times(count=500)
