"""What the seeded rows say: names, addresses, subjects and the shares of each kind."""

from claims.models import Category
from contracts.models import Priority, Stage
from handoffs.models import Kind
from org.models import DepartmentCode

CITIES = ["Київ", "Львів", "Харків", "Одеса", "Дніпро", "Вінниця", "Полтава", "Житомир"]
STREETS = ["Хрещатик", "Шевченка", "Франка", "Грушевського", "Лесі Українки", "Сагайдачного"]
COMPANY_WORDS = ["Агро", "Буд", "Метал", "Торг", "Інвест", "Логістик", "Фарм", "Енерго", "Маркет"]
FIRST_NAMES = ["Олена", "Андрій", "Ірина", "Сергій", "Наталія", "Олег", "Тетяна", "Максим"]
LAST_NAMES = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник", "Поліщук"]
POSTS = ["Прибиральник", "Охоронець", "Технік", "Двірник", "Оператор", "Адміністратор"]
SERVICES = ["Прибирання приміщень", "Охорона об'єкта", "Технічне обслуговування", "Клінінг фасаду"]
SUBJECTS: dict[str, str] = {
    Category.SERVICE_QUALITY: "Неякісне прибирання",
    Category.STAFF_ABSENCE: "Відсутній працівник на посту",
    Category.STAFF_CONDUCT: "Скарга на поведінку працівника",
    Category.SAFETY: "Порушення правил безпеки",
    Category.EQUIPMENT: "Несправне обладнання",
    Category.BILLING: "Питання щодо рахунку",
    Category.OTHER: "Інше звернення",
}
CATEGORY_WEIGHTS: dict[str, int] = {
    Category.SERVICE_QUALITY: 35,
    Category.STAFF_ABSENCE: 15,
    Category.STAFF_CONDUCT: 10,
    Category.SAFETY: 5,
    Category.EQUIPMENT: 15,
    Category.BILLING: 10,
    Category.OTHER: 10,
}
PRIORITY_WEIGHTS: dict[str, int] = {
    Priority.CRITICAL: 5,
    Priority.HIGH: 20,
    Priority.NORMAL: 60,
    Priority.LOW: 15,
}
STAGE_SHARES = [
    (Stage.PREPARATION, 0.07),
    (Stage.SUPPORT, 0.65),
    (Stage.TERMINATION, 0.07),
    (Stage.CLOSED, 0.16),
    (Stage.CANCELLED, 0.05),
]
# Hand-offs that are not claim fixes, beyond those the contract stages open.
FILLER_KINDS = [
    (Kind.INFORMATION_REQUEST, None, 30),
    (Kind.PAYMENT_QUERY, DepartmentCode.ACCOUNTING, 15),
    (Kind.BILLING_DATA, DepartmentCode.ACCOUNTING, 15),
    (Kind.STAFF_REPLACEMENT, DepartmentCode.HR, 15),
    (Kind.AGREEMENT_CONFIRMATION, DepartmentCode.PRODUCTION, 8),
    (Kind.LEGAL_QUESTION, DepartmentCode.LEGAL, 7),
    (Kind.QUALITY_IMPROVEMENT, DepartmentCode.QUALITY, 5),
    (Kind.CLAIM_REVIEW, DepartmentCode.QUALITY, 5),
]


def edrpou(base: int) -> str:
    """An 8-digit EDRPOU code with its check digit (see DOMAIN.md)."""
    digits = [int(c) for c in f"{base:07d}"]
    weights = [7, 1, 2, 3, 4, 5, 6] if 3000000 <= base < 6000000 else [1, 2, 3, 4, 5, 6, 7]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if check == 10:
        check = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return f"{base:07d}{check}"
