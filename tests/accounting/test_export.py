"""The BAS download: what it holds, checked against figures computed here from the
quantities and prices the test created; CSV and XLSX hold the same; who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from contracts.models import Stage
from org.roles import Role
from tests.accounting.helpers import csv_rows, kopiykas, sheet_rows, workbook

pytestmark = pytest.mark.django_db

ACT_HEADER = [
    "Дата документа",
    "Період",
    "Контрагент",
    "Код за ЄДРПОУ",
    "Договір",
    "Дата договору",
    "Номенклатура",
    "Кількість",
    "Од. виміру",
    "Ціна",
    "Сума без ПДВ",
    "Ставка ПДВ",
    "Сума ПДВ",
    "Сума з ПДВ",
]
CLEANING = [
    ("Щоденне прибирання", "1", "month", "52000.00"),
    ("Миття вікон", "1200", "m2", "7.55"),
    ("Аварійне реагування", "3", "hour", "33.33"),
]


def download(client, user, **params):
    client.force_login(user)
    query = {"month": "2026-11", "document": "acts", "format": "xlsx", **params}
    return client.get(reverse("accounting:bas_download"), query)


def expected_lines(lines, rate):
    """(net, vat, gross) of each line, computed here by hand."""
    result = []
    for _service, quantity, _unit, price in lines:
        net = kopiykas(Decimal(quantity) * Decimal(price))
        vat = kopiykas(net * rate / 100)
        result.append((net, vat, net + vat))
    return result


def test_xlsx_lines_and_totals_match_figures_computed_independently(
    client, accountant, make_contract
):
    contract = make_contract(*CLEANING)
    expected = expected_lines(CLEANING, 20)

    book = workbook(download(client, accountant))

    assert book.sheetnames == ["Рядки послуг", "Підсумки"]
    header, rows = sheet_rows(book["Рядки послуг"])
    assert header == ACT_HEADER
    assert [row[6] for row in rows] == [line[0] for line in CLEANING]
    for row, line, (net, vat, gross) in zip(rows, CLEANING, expected, strict=True):
        assert row[0] == datetime.date(2026, 11, 30)  # a real date, the month's last day
        assert row[1] == datetime.date(2026, 11, 1)
        assert row[2:6] == [
            contract.client.legal_name,
            contract.client.edrpou,
            contract.number,
            datetime.date(2025, 12, 20),
        ]
        assert Decimal(str(row[7])) == Decimal(line[1])
        assert Decimal(str(row[9])) == Decimal(line[3])
        assert [Decimal(str(row[10])), row[11], Decimal(str(row[12])), Decimal(str(row[13]))] == [
            net,
            "20%",
            vat,
            gross,
        ]
    assert [row[8] for row in rows] == ["міс", "м2", "год"]
    total_header, totals = sheet_rows(book["Підсумки"])
    assert total_header[-3:] == ["Сума без ПДВ", "Сума ПДВ", "Сума з ПДВ"]
    assert len(totals) == 1
    # 52 000.00 + 9 060.00 + 99.99 = 61 159.99; VAT 10 400.00 + 1 812.00 + 20.00.
    assert [Decimal(str(value)) for value in totals[0][-3:]] == [
        Decimal("61159.99"),
        Decimal("12232.00"),
        Decimal("73391.99"),
    ]
    assert totals[0][-3:] == [
        float(sum(line[0] for line in expected)),
        float(sum(line[1] for line in expected)),
        float(sum(line[2] for line in expected)),
    ]


def test_xlsx_cells_are_numbers_and_dates_with_their_formats(client, accountant, make_contract):
    make_contract(*CLEANING)

    sheet = workbook(download(client, accountant))["Рядки послуг"]
    first = next(sheet.iter_rows(min_row=2, max_row=2))

    assert first[0].is_date and first[0].number_format == "DD.MM.YYYY"
    assert first[3].data_type == "s"  # EDRPOU stays text: codes may start with zeros
    assert first[10].data_type == "n" and first[10].number_format == "#,##0.00"
    assert first[13].data_type == "n"


def test_totals_are_the_sums_of_the_rounded_lines(client, accountant, make_contract):
    """Three lines of 33.33 at 20 %: 6.67 VAT each, 20.01 together (not 20.00)."""
    make_contract(*[(f"Послуга {n}", "1", "service", "33.33") for n in range(3)])

    book = workbook(download(client, accountant))

    _header, rows = sheet_rows(book["Рядки послуг"])
    assert [Decimal(str(row[12])) for row in rows] == [Decimal("6.67")] * 3
    _header, totals = sheet_rows(book["Підсумки"])
    assert [Decimal(str(value)) for value in totals[0][-3:]] == [
        Decimal("99.99"),
        Decimal("20.01"),
        Decimal("120.00"),
    ]


def test_a_contract_at_another_rate_is_billed_at_its_rate(client, accountant, make_contract):
    make_contract(("Охорона", "1", "month", "1000.00"), vat_rate=7)

    _header, rows = sheet_rows(workbook(download(client, accountant))["Рядки послуг"])

    assert rows[0][11:14] == ["7%", 70, 1070]


def test_csv_holds_what_the_xlsx_holds(client, accountant, make_contract):
    make_contract(*CLEANING)
    make_contract(("Охорона", "2.5", "hour", "10.01"), vat_rate=0)

    xlsx_header, xlsx = sheet_rows(workbook(download(client, accountant))["Рядки послуг"])
    csv_header, rows = csv_rows(download(client, accountant, format="csv"))

    assert csv_header == xlsx_header == ACT_HEADER
    assert len(rows) == len(xlsx) == 4

    def as_text(value):
        if isinstance(value, datetime.date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, int | float):
            return Decimal(str(value))
        return value

    def normalised(row):
        return [
            Decimal(cell) if index in (7, 9, 10, 12, 13) else cell for index, cell in enumerate(row)
        ]

    assert [normalised(row) for row in rows] == [[as_text(value) for value in row] for row in xlsx]
    assert rows[0][0] == "30.11.2026" and rows[0][5] == "20.12.2025"


def test_another_managers_contract_is_not_exported(client, manager, make_user, make_contract):
    mine = make_contract(("Прибирання", "1", "month", "100.00"))
    other = make_user(Role.SUPPORT_MANAGER)
    theirs = make_contract(("Охорона", "1", "month", "200.00"), manager=other)

    _header, rows = sheet_rows(workbook(download(client, manager))["Рядки послуг"])
    # Naming their contract does not bring it in either.
    named = download(client, manager, contracts=[theirs.pk])

    assert [row[4] for row in rows] == [mine.number]
    assert named.status_code == 400
    assert theirs.number not in named.content.decode()


def test_accounting_exports_the_contracts_of_its_hand_offs_and_a_director_all(
    client, accountant, executive_director, make_contract
):
    billed = make_contract(("Прибирання", "1", "month", "100.00"))
    unbilled = make_contract(("Охорона", "1", "month", "200.00"), billed=False)

    _h, accounting_rows = sheet_rows(workbook(download(client, accountant))["Рядки послуг"])
    _h, director_rows = sheet_rows(workbook(download(client, executive_director))["Рядки послуг"])

    assert [row[4] for row in accounting_rows] == [billed.number]
    assert sorted(row[4] for row in director_rows) == sorted([billed.number, unbilled.number])


def test_only_contracts_in_force_in_the_month_are_billed(client, executive_director, make_contract):
    line = ("Прибирання", "1", "month", "100.00")
    in_support = make_contract(line)
    ended_in_month = make_contract(line, stage=Stage.CLOSED, end_date=datetime.date(2026, 11, 15))
    make_contract(line, stage=Stage.CLOSED, end_date=datetime.date(2026, 10, 31))
    make_contract(line, stage=Stage.PREPARATION)
    make_contract(line, stage=Stage.CANCELLED)
    make_contract(line, start_date=datetime.date(2026, 12, 1), end_date=datetime.date(2027, 1, 1))

    book = workbook(download(client, executive_director, document="contracts"))

    _header, rows = sheet_rows(book.active)
    assert sorted(row[1] for row in rows) == sorted([in_support.number, ended_in_month.number])


def test_a_chosen_contract_alone(client, accountant, make_contract):
    make_contract(("Прибирання", "1", "month", "100.00"))
    chosen = make_contract(("Охорона", "1", "month", "200.00"))

    _header, rows = sheet_rows(
        workbook(download(client, accountant, contracts=[chosen.pk]))["Рядки послуг"]
    )

    assert [row[4] for row in rows] == [chosen.number]


def test_reference_lists_of_counterparties_and_contracts(client, accountant, make_contract):
    contract = make_contract(("Прибирання", "1", "month", "100.00"))
    contract.client.vat_number = "123456789012"
    contract.client.save()

    header, parties = csv_rows(
        download(client, accountant, document="counterparties", format="csv")
    )
    contracts_book = workbook(download(client, accountant, document="contracts"))
    contract_header, contracts = sheet_rows(contracts_book.active)

    assert header == [
        "Найменування",
        "Повне найменування",
        "Юр./фіз. особа",
        "Код за ЄДРПОУ",
        "ІПН",
        "Юридична адреса",
        "Рахунок IBAN",
    ]
    client_row = contract.client
    assert parties == [
        [
            client_row.short_name,
            client_row.legal_name,
            "Юридична особа",
            client_row.edrpou,
            "123456789012",
            client_row.legal_address,
            client_row.iban,
        ]
    ]
    assert contract_header[:3] == ["Вид договору", "Номер договору", "Дата договору"]
    assert contracts[0][:3] == ["З покупцем", contract.number, datetime.date(2025, 12, 20)]
    assert contracts[0][6:10] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        "грн",
        "20%",
    ]


def test_the_file_is_in_ukrainian_whatever_the_users_language(client, accountant, make_contract):
    make_contract(("Прибирання", "1", "hour", "100.00"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.force_login(accountant)
    page = client.get(reverse("accounting:bas"))
    header, rows = csv_rows(download(client, accountant, format="csv"))

    assert "Export for BAS" in page.content.decode()  # the screen is in English
    assert header == ACT_HEADER
    assert rows[0][8] == "год"


def test_totals_document_as_csv(client, accountant, make_contract):
    make_contract(*CLEANING)

    header, rows = csv_rows(download(client, accountant, document="totals", format="csv"))

    assert header[-3:] == ["Сума без ПДВ", "Сума ПДВ", "Сума з ПДВ"]
    assert rows[0][-3:] == ["61159.99", "12232.00", "73391.99"]
    assert rows[0][6] == "3"
