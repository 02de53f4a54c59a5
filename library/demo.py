"""Demo documents, approved and acknowledged through the services: the support manager's
job description first, then the quality policy in its second version, an order awaiting
the general director and a template in draft."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from library import services
from library.models import (
    Document,
    DocumentVersion,
    Kind,
    VersionAction,
    VersionEvent,
    VersionStatus,
)
from org.models import Department, DepartmentCode, User
from org.roles import Role

JOB_DESCRIPTION = """ПОСАДОВА ІНСТРУКЦІЯ
менеджера з клієнтської підтримки

1. Загальні положення
1.1. Менеджер з клієнтської підтримки належить до категорії професіоналів і безпосередньо підпорядковується виконавчому директору.
1.2. Менеджера призначає на посаду та звільняє з посади генеральний директор своїм наказом.
1.3. На час відсутності менеджера (відпустка, хвороба, відрядження) його обов'язки виконує інший менеджер, якого призначає виконавчий директор; він має ті самі права щодо портфеля клієнтів.
1.4. У роботі менеджер керується законодавством України, Цивільним кодексом України, статутом підприємства, політикою у сфері якості, наказами керівництва та цією інструкцією.

2. Завдання та обов'язки
2.1. Веде закріплений за ним портфель клієнтів і їхніх договорів на всіх етапах: підготовка, супровід, припинення.
2.2. На етапі підготовки договору:
- організовує обстеження об'єкта виробничим відділом;
- погоджує з клієнтом перелік послуг, чисельність персоналу на постах, графік роботи, особливі вимоги до персоналу та форменний одяг;
- приймає від відділу продажів документи та дані укладеного договору.
2.3. На етапі супроводу договору:
- приймає та реєструє претензії і скарги клієнтів, контролює строки відповіді та строки усунення;
- передає доручення відповідним відділам і стежить за їх виконанням;
- письмово підтверджує кожну домовленість між клієнтом і технічною службою;
- повідомляє відділ кадрів про заміну персоналу на об'єктах;
- узгоджує з бухгалтерією дані для рахунків на оплату та актів наданих послуг, ініціює акти звірки розрахунків за минулі періоди.
2.4. На етапі припинення договору:
- перевіряє виконання всіх зобов'язань за договором;
- попереджає відділ кадрів про закінчення терміну дії договору та вивільнення працівників;
- шукає можливість продовження договору та готує додаткову угоду.
2.5. Складає і подає на погодження плани роботи, звіти про виконану роботу, пропозиції та запити на додаткове фінансування; повідомляє керівництво про недоліки в роботі з клієнтами.
2.6. Ознайомлюється з наказами, положеннями та інструкціями підприємства, що стосуються його роботи.

3. Права
Менеджер має право:
3.1. Отримувати від відділів підприємства інформацію та документи, потрібні для виконання своїх обов'язків.
3.2. Давати відділам доручення зі строком виконання в межах своїх обов'язків.
3.3. Вносити керівництву пропозиції щодо поліпшення роботи з клієнтами та системи управління якістю.

4. Відповідальність
Менеджер відповідає:
4.1. За неналежне виконання або невиконання обов'язків, передбачених цією інструкцією, у межах, визначених законодавством України про працю.
4.2. За дотримання строків відповіді на претензії клієнтів і достовірність даних у звітах.
4.3. За збереження комерційної таємниці та персональних даних клієнтів.

5. Кваліфікаційні вимоги
Вища освіта; досвід роботи з клієнтами не менше одного року; знання основ договірного права та документообігу (договір, додаткова угода, акт наданих послуг, рахунок на оплату, акт звірки, претензія).

З інструкцією ознайомлений, згоден, примірник на руки отримав"""

QUALITY_POLICY_1 = """ПОЛІТИКА У СФЕРІ ЯКОСТІ

Наша мета — чисті, безпечні та доглянуті об'єкти клієнтів щодня.
1. Ми виконуємо послуги за погодженим переліком, графіком і чисельністю персоналу.
2. Ми відповідаємо на кожну претензію клієнта в погоджений строк.
3. Ми навчаємо персонал і забезпечуємо його форменним одягом та обладнанням."""

QUALITY_POLICY_2 = (
    QUALITY_POLICY_1
    + """
4. Ми щомісяця аналізуємо претензії та скарги і вживаємо заходів, щоб вони не повторювалися.
5. Ми переглядаємо цю політику щороку."""
)

ORDER = """НАКАЗ
Про порядок реєстрації претензій клієнтів

1. Усі претензії та скарги клієнтів реєструвати в системі в день надходження.
2. Менеджерам з клієнтської підтримки передавати претензію відповідному відділу дорученням не пізніше наступного робочого дня.
3. Контроль за виконанням наказу покласти на виконавчого директора."""

TEMPLATE = """АКТ ЗВІРКИ ВЗАЄМНИХ РОЗРАХУНКІВ
за період з «__» ______ 20__ р. по «__» ______ 20__ р.
між ____________ (Виконавець) та ____________ (Замовник) за договором № ____ від ______."""


def _groups(*roles: Role) -> list[Group]:
    return list(Group.objects.filter(name__in=[role.value for role in roles]))


def _departments(*codes: DepartmentCode) -> list[Department]:
    return list(Department.objects.filter(code__in=codes))


def _approved(version: DocumentVersion, *, by: User, days_ago: int) -> DocumentVersion:
    services.version_submit(actor=version.created_by, version=version)
    effective = timezone.localdate() - datetime.timedelta(days=days_ago)
    version = services.version_approve(actor=by, version=version, effective_from=effective)
    # As if written and approved back then, as the reminders and the history show it.
    then = timezone.now() - datetime.timedelta(days=days_ago)
    DocumentVersion.objects.filter(pk=version.pk).update(
        created_at=then - datetime.timedelta(days=2),
        submitted_at=then - datetime.timedelta(days=1),
        approved_at=then,
    )
    for event, moment in zip(
        version.events.order_by("pk"),
        (then - datetime.timedelta(days=2), then - datetime.timedelta(days=1), then),
        strict=False,
    ):
        event.created_at = moment
        event.save(update_fields=["created_at"])
    superseded = DocumentVersion.objects.filter(
        document_id=version.document_id, status=VersionStatus.SUPERSEDED, superseded_at__gt=then
    )
    VersionEvent.objects.filter(version__in=superseded, action=VersionAction.SUPERSEDED).update(
        created_at=then
    )
    superseded.update(superseded_at=then)
    return version


def _job_description(author: User, general: User, people: dict[str, User]) -> None:
    document = services.document_create(
        actor=author,
        kind=Kind.INSTRUCTION,
        number="ПІ-01",
        title="Посадова інструкція менеджера з клієнтської підтримки",
        roles=_groups(Role.SUPPORT_MANAGER),
        text=JOB_DESCRIPTION,
        change_note="Перша редакція",
    )
    version = _approved(document.versions.get(), by=general, days_ago=10)
    services.acknowledgement_record(actor=people["manager"], version=version)


def _quality_policy(author: User, general: User, people: dict[str, User]) -> None:
    document = services.document_create(
        actor=author,
        kind=Kind.POLICY,
        number="ПЯ-01",
        title="Політика у сфері якості",
        applies_to_everyone=True,
        text=QUALITY_POLICY_1,
        change_note="Перша редакція",
    )
    first = _approved(document.versions.get(), by=general, days_ago=200)
    for username in ("manager", "manager2", "production"):
        services.acknowledgement_record(actor=people[username], version=first)
    first.acknowledgements.update(acknowledged_at=timezone.now() - datetime.timedelta(days=198))
    second = services.version_create(
        actor=author,
        document=document,
        text=QUALITY_POLICY_2,
        change_note="Додано аналіз претензій і щорічний перегляд",
    )
    second = _approved(second, by=general, days_ago=5)
    for username in ("manager", "quality"):
        services.acknowledgement_record(actor=people[username], version=second)


def _order_and_template(author: User) -> None:
    order = services.document_create(
        actor=author,
        kind=Kind.ORDER,
        number="Н-15",
        title="Про порядок реєстрації претензій клієнтів",
        roles=_groups(Role.SUPPORT_MANAGER, Role.DEPARTMENT_HEAD),
        departments=_departments(DepartmentCode.PRODUCTION, DepartmentCode.QUALITY),
        text=ORDER,
    )
    services.version_submit(actor=author, version=order.versions.get())
    services.document_create(
        actor=author,
        kind=Kind.TEMPLATE,
        number="Ш-03",
        title="Шаблон акта звірки розрахунків",
        roles=_groups(Role.SUPPORT_MANAGER),
        departments=_departments(DepartmentCode.ACCOUNTING),
        text=TEMPLATE,
    )


def seed() -> list[str]:
    """Create the demo documents once; a second run leaves them as they are."""
    if Document.objects.filter(number="ПІ-01").exists():
        return ["Library: the demo documents are already there"]
    people = {user.username: user for user in User.objects.filter(is_active=True)}
    author, general = people["executive"], people["general"]
    _job_description(author, general, people)
    _quality_policy(author, general, people)
    _order_and_template(author)
    return [f"Library: {Document.objects.count()} documents"]
