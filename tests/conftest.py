def pytest_terminal_summary(terminalreporter):
    """Say in the log how much the URL walk covered, so a shrunken walk cannot pass unseen."""
    from tests.test_url_access import SUMMARY

    if SUMMARY:
        terminalreporter.write_sep("-", "URL walk")
        terminalreporter.write_line(
            f"URL walk: {SUMMARY['patterns']} patterns, {SUMMARY['requests']:,} requests, "
            f"{SUMMARY['leaks']} leaks"
        )
