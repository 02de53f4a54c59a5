import datetime

import factory
from django.utils import timezone

from handoffs.models import Handoff, Kind, Status
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.org.factories import UserFactory


class HandoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handoff

    department = factory.LazyFunction(
        lambda: Department.objects.get(code=DepartmentCode.PRODUCTION)
    )
    kind = Kind.INFORMATION_REQUEST
    title = factory.Sequence(lambda n: f"Доручення {n}")
    requested_by = factory.SubFactory(UserFactory, role=Role.SUPPORT_MANAGER)
    status = Status.OPEN
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))


def history_count(handoff: Handoff) -> int:
    """How many historical rows the hand-off has (django-simple-history)."""
    return Handoff.history.filter(id=handoff.pk).count()
