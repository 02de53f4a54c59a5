import factory
from stdnum.ua import edrpou

from clients.models import Client, ClientStatus, Contact, Site
from org.roles import Role
from tests.org.factories import UserFactory


def valid_edrpou(n: int) -> str:
    """A checksum-valid EDRPOU code, different for every n."""
    body = f"{2000000 + n * 37:07d}"
    return body + edrpou.calc_check_digit(body)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    legal_name = factory.Sequence(lambda n: f'ТОВ "Клієнт {n}"')
    short_name = factory.Sequence(lambda n: f"Клієнт {n}")
    edrpou = factory.Sequence(valid_edrpou)
    legal_address = "м. Київ, вул. Хрещатик, 1"
    account_manager = factory.SubFactory(UserFactory, role=Role.SUPPORT_MANAGER)
    status = ClientStatus.ACTIVE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Faker("name", locale="uk_UA")
    position = "Адміністратор"
    phone = "+380671234567"
    email = factory.Sequence(lambda n: f"contact{n}@client.example")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Об'єкт {n}")
    address = "м. Київ, вул. Велика Васильківська, 10"
    area_m2 = 1200
