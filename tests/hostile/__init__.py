"""Hostile input: every form and list URL, fed what an attacker or a broken client sends."""

from collections import Counter

# Filled by the hostile-input test; each test reports its share (see conftest.py).
STATS = Counter()
