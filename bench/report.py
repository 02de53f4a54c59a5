"""The results table printed at the end of a run, and what it says about the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from bench.servers import ROOT


def table(results: dict[str, Any]) -> str:
    lines = [
        f"Scale {results['scale']} · commit {results['commit']} · {results['machine']}",
        "",
        f"| {'page':<38} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | {'KB':>7} |",
        f"|{'-' * 40}|{'-' * 11}:|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|",
    ]
    for page in results["pages"]:
        lines.append(
            f"| {page['name']:<38} | {page['median_ms']:>9.1f} | {page['p95_ms']:>8.1f} | "
            f"{page['queries']:>7} | {page['bytes'] / 1024:>7.1f} |"
        )
    if results["throughput"]:
        lines += [
            "",
            "| throughput | connections | s | req/s | errors | p95 ms |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for row in results["throughput"]:
            lines.append(
                f"| {row['name']} | {row['concurrency']} | {row['seconds']} | {row['rps']} | "
                f"{row['errors']} | {row['p95_ms']} |"
            )
    if results["jobs"]:
        lines += ["", "| job | seconds | count | duplicates |", "|---|--:|--:|--:|"]
        for row in results["jobs"]:
            lines.append(
                f"| {row['name']} | {row['seconds']} | {row['count']} | {row['duplicates']} |"
            )
    return "\n".join(lines)


def short_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores {model}, {memory:.0f} GB, {platform.system()} {platform.release()}"
    )
