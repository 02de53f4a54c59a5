"""The volumes of each benchmark scale and the sign-ins the runner uses."""

from dataclasses import dataclass

# Claims at each scale; everything else follows the 1m shape scaled by the same factor.
SCALES = {"1k": 0.001, "10k": 0.01, "100k": 0.1, "1m": 1.0}

# Every seeded user shares it; the runner signs in with it.
PASSWORD = "bench-pass-2026"

# The user the runner signs in as for each role.
DEMO_USERS = {
    "manager": "bench-manager-01",
    "staff": "bench-production-01",
    "head": "bench-production-head",
    "director": "bench-executive",
    "general": "bench-general",
}


@dataclass(frozen=True)
class Volumes:
    scale: str
    clients: int
    contracts: int
    managers: int
    members_per_department: int
    claims: int
    handoffs: int
    approvals: int
    notifications: int


def volumes(scale: str) -> Volumes:
    factor = SCALES[scale]
    return Volumes(
        scale=scale,
        clients=max(5, round(5_000 * factor)),
        contracts=max(20, round(20_000 * factor)),
        managers=max(2, round(30 * factor)),
        # 300 staff and heads in six departments at 1m: one head and 49 staff each.
        members_per_department=max(2, round(50 * factor)),
        claims=round(1_000_000 * factor),
        handoffs=round(2_000_000 * factor),
        approvals=max(10, round(10_000 * factor)),
        notifications=max(100, round(200_000 * factor)),
    )
