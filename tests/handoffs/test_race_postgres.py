import threading

import pytest
from django.db import connection

from handoffs import services
from handoffs.models import Handoff, Status
from org.errors import ConflictError
from tests.handoffs.factories import HandoffFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_users_completing_at_the_same_moment_exactly_one_wins(head, staff):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks across connections: set DATABASE_URL")
    handoff = HandoffFactory(assignee=staff, status=Status.IN_PROGRESS)
    barrier = threading.Barrier(2)
    outcomes = {}

    def complete(actor, result):
        try:
            seen = Handoff.objects.get(pk=handoff.pk)
            barrier.wait(timeout=10)
            services.handoff_complete(actor=actor, handoff=seen, result=result)
            outcomes[result] = "won"
        except ConflictError:
            outcomes[result] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=complete, args=(staff, "Перший")),
        threading.Thread(target=complete, args=(head, "Другий")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "won"]
    handoff.refresh_from_db()
    winner = next(result for result, outcome in outcomes.items() if outcome == "won")
    assert (handoff.status, handoff.result) == (Status.DONE, winner)
    assert handoff.events.filter(to_status=Status.DONE).count() == 1
