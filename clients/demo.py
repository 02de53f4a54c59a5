"""Demo clients of a facility-services company, with contacts and sites; safe to run again."""

from decimal import Decimal

from stdnum import iban as iban_check
from stdnum.ua import edrpou as edrpou_check

from clients import services
from clients.models import Client, ClientStatus
from org.models import User


def _edrpou(body: str) -> str:
    return body + edrpou_check.calc_check_digit(body)


def _iban(bank_code: str, account: str) -> str:
    bban = bank_code + account.zfill(19)
    return "UA" + iban_check.calc_check_digits("UA00" + bban) + bban


# short name, legal name, EDRPOU body (7 digits), VAT number, legal address,
# (bank code, account) or None, status, manager, contacts, sites
DEMO_CLIENTS = [
    (
        "Арена Сіті",
        'ТОВ "Арена Сіті Девелопмент"',
        "3741025",
        "374102526598",
        "м. Київ, вул. Басейна, 2-А, 01004",
        ("305299", "26007052612345"),
        ClientStatus.ACTIVE,
        "manager",
        [
            (
                "Гордієнко Марина Олегівна",
                "Керуюча ТРЦ",
                "+380672345671",
                "m.hordiienko@arenacity.example",
                True,
            ),
            (
                "Литвин Роман Іванович",
                "Головний інженер",
                "+380442345672",
                "r.lytvyn@arenacity.example",
                False,
            ),
        ],
        [
            (
                "ТРЦ «Арена Сіті»",
                "м. Київ, вул. Басейна, 2-А",
                "42000",
                "Службовий вхід з вул. Еспланадної, пропуск через охорону.",
            ),
            ("Паркінг P1–P2", "м. Київ, вул. Басейна, 2-А, підземний рівень", "11500", ""),
        ],
    ),
    (
        "Парус",
        'ПрАТ "Бізнес-центр Парус"',
        "2314785",
        "231478526591",
        "м. Київ, вул. Мечникова, 2, 01601",
        ("300528", "26001000123456"),
        ClientStatus.ACTIVE,
        "manager",
        [
            (
                "Савчук Олег Петрович",
                "Адміністратор БЦ",
                "+380503456782",
                "o.savchuk@parus.example",
                True,
            ),
            ("Кириленко Ірина Василівна", "Бухгалтер", "+380442896710", "buh@parus.example", False),
            ("Заїка Денис Миколайович", "Начальник служби безпеки", "+380673214455", "", False),
        ],
        [
            (
                "Бізнес-центр «Парус»",
                "м. Київ, вул. Мечникова, 2",
                "36800",
                "Ключі від технічних приміщень у чергового адміністратора.",
            ),
        ],
    ),
    (
        "Нова Логістика",
        'ТОВ "Нова Логістика Захід"',
        "4187203",
        "",
        "м. Львів, вул. Городоцька, 355, 79040",
        ("325365", "26000123456789"),
        ClientStatus.ACTIVE,
        "manager",
        [
            (
                "Ковальчук Андрій Ярославович",
                "Директор складського комплексу",
                "+380322456789",
                "a.kovalchuk@novalog.example",
                True,
            ),
        ],
        [
            (
                "Склад класу А, корпус 1",
                "м. Львів, вул. Городоцька, 355",
                "18400",
                "Робота у дві зміни, в’їзд через КПП № 2.",
            ),
            ("Склад класу А, корпус 2", "м. Львів, вул. Городоцька, 355/2", "12600", ""),
            ("Офіс логістичного центру", "м. Львів, вул. Городоцька, 355, корп. 3", "900", ""),
        ],
    ),
    (
        "Дніпро-Плаза",
        'ПАТ "Дніпро-Плаза"',
        "0191827",
        "019182704629",
        "м. Дніпро, просп. Дмитра Яворницького, 54, 49000",
        ("305299", "26002054301122"),
        ClientStatus.ACTIVE,
        "manager2",
        [
            (
                "Тимошенко Світлана Анатоліївна",
                "Заступник директора з АГЧ",
                "+380563771204",
                "s.tymoshenko@dniproplaza.example",
                True,
            ),
            ("Бойко Віталій Сергійович", "Енергетик", "+380667781230", "", False),
        ],
        [
            (
                "Офісна будівля «Плаза»",
                "м. Дніпро, просп. Дмитра Яворницького, 54",
                "15200",
                "Доступ на дах — лише з енергетиком.",
            ),
            (
                "Прилегла територія",
                "м. Дніпро, просп. Дмитра Яворницького, 54",
                "4300",
                "Прибирання снігу до 7:00.",
            ),
        ],
    ),
    (
        "Одеський порт-сервіс",
        'ТОВ "Порт-Сервіс Одеса"',
        "3958612",
        "395861215597",
        "м. Одеса, Митна площа, 1, 65026",
        ("328209", "26003500077771"),
        ClientStatus.ACTIVE,
        "manager2",
        [
            (
                "Мороз Геннадій Олексійович",
                "Начальник адміністративного відділу",
                "+380482345678",
                "g.moroz@portservice.example",
                True,
            ),
            (
                "Павленко Юлія Ігорівна",
                "Фахівець із закупівель",
                "+380939876543",
                "zakupivli@portservice.example",
                False,
            ),
        ],
        [
            (
                "Адміністративна будівля",
                "м. Одеса, Митна площа, 1",
                "6100",
                "Перепустки оформлює служба безпеки порту за 2 доби.",
            ),
            ("Склад № 4 (термінал)", "м. Одеса, Митна площа, 1, склад № 4", "9700", ""),
        ],
    ),
    (
        "МедЛаб",
        'ТОВ "Медична лабораторія МедЛаб"',
        "4422917",
        "",
        "м. Київ, вул. Антоновича, 72, 03150",
        None,
        ClientStatus.PROSPECT,
        "manager2",
        [
            (
                "Шевченко Наталія Романівна",
                "Операційний директор",
                "+380957654321",
                "n.shevchenko@medlab.example",
                True,
            ),
        ],
        [
            (
                "Лабораторія на Антоновича",
                "м. Київ, вул. Антоновича, 72",
                "640",
                "Чисті зони: лише персонал із медичною книжкою.",
            ),
        ],
    ),
    (
        "Галицька пекарня",
        'ПрАТ "Галицька пекарня"',
        "0538145",
        "053814513035",
        "м. Львів, вул. Зелена, 147, 79035",
        ("300614", "26008011223344"),
        ClientStatus.FORMER,
        "manager",
        [
            ("Дячук Богдан Степанович", "Головний технолог", "+380681112233", "", True),
        ],
        [
            (
                "Виробничий цех",
                "м. Львів, вул. Зелена, 147",
                "5200",
                "Санітарний одяг видає замовник.",
            ),
        ],
    ),
    (
        "ТехноПарк",
        'ТОВ "ТехноПарк Дніпро"',
        "4305561",
        "430556104617",
        "м. Дніпро, вул. Січеславська Набережна, 29, 49000",
        ("351005", "26009300445566"),
        ClientStatus.PROSPECT,
        "manager2",
        [
            (
                "Ігнатенко Ольга Миколаївна",
                "Офіс-менеджер",
                "+380975554433",
                "office@technopark.example",
                True,
            ),
            (
                "Руденко Максим Олегович",
                "Керівник ІТ-служби",
                "+380504443322",
                "it@technopark.example",
                False,
            ),
        ],
        [
            ("Бізнес-центр «ТехноПарк»", "м. Дніпро, вул. Січеславська Набережна, 29", "8800", ""),
        ],
    ),
]


def seed():
    managers = {
        user.username: user for user in User.objects.filter(username__in=["manager", "manager2"])
    }
    created = 0
    for (
        short_name,
        legal_name,
        body,
        vat_number,
        address,
        bank,
        status,
        manager_name,
        contacts,
        sites,
    ) in DEMO_CLIENTS:
        manager = managers[manager_name]
        code = _edrpou(body)
        client = Client.objects.filter(edrpou=code).first()
        if client is None:
            client = services.client_create(
                actor=manager,
                legal_name=legal_name,
                short_name=short_name,
                edrpou=code,
                vat_number=vat_number,
                legal_address=address,
                iban=_iban(*bank) if bank else "",
                status=status,
            )
            created += 1
        existing_contacts = set(client.contacts.values_list("name", flat=True))
        for name, position, phone, email, is_primary in contacts:
            if name not in existing_contacts:
                services.contact_create(
                    actor=manager,
                    client=client,
                    name=name,
                    position=position,
                    phone=phone,
                    email=email,
                    is_primary=is_primary,
                )
        existing_sites = set(client.sites.values_list("name", flat=True))
        for name, site_address, area, access_notes in sites:
            if name not in existing_sites:
                services.site_create(
                    actor=manager,
                    client=client,
                    name=name,
                    address=site_address,
                    area_m2=Decimal(area),
                    access_notes=access_notes,
                )
    total = Client.objects.count()
    return [f"Clients: {total} ({created} new)"]
