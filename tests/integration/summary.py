"""Lines that integration tests leave for the end of the pytest run (see conftest.py)."""

import pytest

SUMMARY_LINES = pytest.StashKey[list]()


def report(config, line):
    config.stash.setdefault(SUMMARY_LINES, []).append(line)
