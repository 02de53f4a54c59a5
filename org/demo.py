"""Demo users: one (or two) per role, with a shared password printed by seed_demo."""

from django.contrib.auth.models import Group

from org.models import Department, DepartmentCode, User
from org.roles import Role

DEMO_PASSWORD = "casedesk-demo"  # nosec B105 # the published demo sign-in, printed by seed_demo

# username, first name, last name, role, department, position
DEMO_USERS = [
    (
        "manager",
        "Олена",
        "Коваленко",
        Role.SUPPORT_MANAGER,
        None,
        "Менеджер з клієнтської підтримки",
    ),
    (
        "manager2",
        "Андрій",
        "Мельник",
        Role.SUPPORT_MANAGER,
        None,
        "Менеджер з клієнтської підтримки",
    ),
    (
        "production_head",
        "Петро",
        "Шевчук",
        Role.DEPARTMENT_HEAD,
        DepartmentCode.PRODUCTION,
        "Начальник виробничого відділу",
    ),
    (
        "production",
        "Іван",
        "Бондар",
        Role.DEPARTMENT_STAFF,
        DepartmentCode.PRODUCTION,
        "Інженер виробничого відділу",
    ),
    (
        "hr_head",
        "Наталія",
        "Ткаченко",
        Role.DEPARTMENT_HEAD,
        DepartmentCode.HR,
        "Начальник відділу кадрів",
    ),
    ("hr", "Оксана", "Кравченко", Role.DEPARTMENT_STAFF, DepartmentCode.HR, "Інспектор з кадрів"),
    (
        "accounting",
        "Людмила",
        "Олійник",
        Role.DEPARTMENT_STAFF,
        DepartmentCode.ACCOUNTING,
        "Бухгалтер",
    ),
    (
        "quality",
        "Сергій",
        "Лисенко",
        Role.DEPARTMENT_STAFF,
        DepartmentCode.QUALITY,
        "Фахівець з якості",
    ),
    ("legal", "Ірина", "Поліщук", Role.DEPARTMENT_STAFF, DepartmentCode.LEGAL, "Юрисконсульт"),
    (
        "sales",
        "Максим",
        "Савченко",
        Role.DEPARTMENT_STAFF,
        DepartmentCode.SALES,
        "Менеджер з продажів",
    ),
    ("executive", "Віктор", "Гнатюк", Role.EXECUTIVE_DIRECTOR, None, "Виконавчий директор"),
    ("general", "Тетяна", "Руденко", Role.GENERAL_DIRECTOR, None, "Генеральний директор"),
]


def seed() -> list[str]:
    """Create or refresh the demo users; returns the lines seed_demo prints."""
    departments = {department.code: department for department in Department.objects.all()}
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    for username, first_name, last_name, role, department_code, position in DEMO_USERS:
        department = departments[department_code] if department_code else None
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@casedesk.example",
                "department": department,
                "position": position,
                "is_staff": role in (Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR),
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([groups[role]])
        if role == Role.DEPARTMENT_HEAD and department and department.head_id != user.pk:
            department.head = user
            department.save(update_fields=["head"])
        where = f", {department.name_uk}" if department else ""
        lines.append(f"  {username:<16} {role.label}{where}")
    return lines
