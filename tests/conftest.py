"""The end-of-run summaries: how much the URL walk, the hostile input, the concurrency
test, the killed worker and the browser journeys covered, so that a shrunken or skipped
run cannot pass unseen.

A test records its figures on its report (``request.node.user_properties``); the hooks
here read them from the reports. Reports reach this process from pytest-xdist's workers
too, where a module's globals and the conftest files of the sub-folders do not: these
hooks live in the suite's root conftest, which the xdist controller loads.
"""

from collections import Counter

# (node id, name) -> the figures that test recorded, from the latest of its reports.
_FIGURES: dict[tuple[str, str], object] = {}
# The node ids whose test body passed.
_PASSED: set[str] = set()


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        _FIGURES[report.nodeid, name] = value
    if report.when == "call" and report.passed:
        _PASSED.add(report.nodeid)


def figures(name, *, passed_only=False):
    return [
        value
        for (nodeid, key), value in _FIGURES.items()
        if key == name and (not passed_only or nodeid in _PASSED)
    ]


def pytest_terminal_summary(terminalreporter):
    _url_walk(terminalreporter)
    _hostile_input(terminalreporter)
    _concurrency(terminalreporter)
    _killed_worker(terminalreporter)
    _browser_journeys(terminalreporter)
    _schemathesis(terminalreporter)


def _url_walk(terminalreporter):
    for walk in figures("url_walk"):
        terminalreporter.write_sep("-", "URL walk")
        terminalreporter.write_line(
            f"URL walk: {walk['patterns']} patterns, {walk['requests']:,} requests, "
            f"{walk['leaks']} leaks"
        )


def _hostile_input(terminalreporter):
    stats = Counter()
    for counts in figures("hostile_input"):
        stats.update(counts)
    if not stats["urls"]:
        return
    terminalreporter.write_sep("-", "hostile input")
    terminalreporter.write_line(
        f"Hostile input: {stats['requests']:,} requests over {stats['urls']} URLs, "
        f"{stats['500']} × 500, {stats['half-written']} half-written"
    )


def _concurrency(terminalreporter):
    for line in figures("concurrency"):
        terminalreporter.write_sep("-", "concurrency")
        terminalreporter.write_line(line)


def _killed_worker(terminalreporter):
    """How long the expiry job took to recover from a killed worker."""
    for seconds, warned_at_kill, stranded in figures("killed_worker_catch_up", passed_only=True):
        terminalreporter.write_sep("-", "killed worker")
        terminalreporter.write_line(
            f"worker killed with SIGKILL after {warned_at_kill} contracts warned, "
            f"{stranded} messages stranded until the visibility timeout; the rest "
            f"were warned {seconds:.1f} s after a new worker was ready "
            f"(bound: 15 min)"
        )


def _browser_journeys(terminalreporter):
    """Which journeys ran in Chromium (printed whenever the e2e folder was part of the run)."""
    journeys = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call" and "tests/e2e/" in report.nodeid
    ]
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "tests/e2e/" in report.nodeid
    ]
    if not journeys and not skipped and not _ran_e2e(terminalreporter):
        return
    terminalreporter.write_sep("-", "browser journeys")
    for report in journeys:
        terminalreporter.write_line(f"ran in Chromium: {report.nodeid}")
    terminalreporter.write_line(
        f"{len(journeys)} journeys passed in Chromium, {len(skipped)} skipped"
    )


def _ran_e2e(terminalreporter):
    return any(
        "tests/e2e/" in getattr(report, "nodeid", "")
        for reports in terminalreporter.stats.values()
        for report in reports
    )


def _schemathesis(terminalreporter):
    """The API's schema run (tests/api/test_schemathesis.py): its cases and failures."""
    runs = [value for (_node, key), value in _FIGURES.items() if key.startswith("schemathesis ")]
    if not runs:
        return
    cases = sum(run["cases"] for run in runs)
    failures = sum(run["failed"] for run in runs)
    terminalreporter.write_sep("-", "schemathesis")
    terminalreporter.write_line(
        f"Schemathesis: {len(runs)} operations, {cases:,} cases, {failures} failed operations"
    )
