from tests.hostile import STATS


def pytest_terminal_summary(terminalreporter):
    """Say in the log how much hostile input was sent and how many 500s it got."""
    if not STATS["urls"]:
        return
    terminalreporter.write_sep("-", "hostile input")
    terminalreporter.write_line(
        f"Hostile input: {STATS['requests']:,} requests over {STATS['urls']} URLs, "
        f"{STATS['500']} × 500, {STATS['half-written']} half-written"
    )
