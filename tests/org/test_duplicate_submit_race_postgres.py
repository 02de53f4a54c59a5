import threading

import pytest
from django.db import connection

from claims.models import Claim
from org.models import SubmittedForm
from org.once import create_once, new_token
from tests.claims.factories import ClaimFactory, SupportContractFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_of_one_form_at_the_same_moment_create_one_record(manager):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions: set DATABASE_URL")
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    token = new_token()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=10)
            record, created = create_once(
                user=manager,
                token=token,
                create=lambda: ClaimFactory(contract=contract, registered_by=manager),
            )
            outcomes.append((record.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(created for _pk, created in outcomes) == [False, True]
    assert len({pk for pk, _created in outcomes}) == 1
    assert Claim.objects.count() == 1
    assert SubmittedForm.objects.get().object_id == outcomes[0][0]
