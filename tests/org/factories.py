import factory
from django.contrib.auth.models import Group

from org.models import Department, DepartmentCode, User


def department(code: DepartmentCode) -> Department:
    """The department the roles migration created for ``code``."""
    return Department.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="uk_UA")
    last_name = factory.Faker("last_name", locale="uk_UA")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("password")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))
