import pytest

from org.models import Department
from org.records import lock_row, model_update

pytestmark = pytest.mark.django_db


def test_model_update_sets_and_saves_only_what_changed():
    department = Department.objects.first()
    name = department.name_en

    changed = model_update(
        department,
        fields=("name_en", "name_uk"),
        data={"name_en": "Works", "name_uk": department.name_uk},
        actor=None,
    )

    assert changed == ["name_en"]
    department.refresh_from_db()
    assert department.name_en == "Works" != name


def test_model_update_refuses_a_field_the_service_does_not_change():
    department = Department.objects.first()

    with pytest.raises(TypeError, match="code"):
        model_update(department, fields=("name_en",), data={"code": "x"}, actor=None)


def test_nothing_changed_saves_nothing(django_assert_num_queries):
    department = Department.objects.first()

    with django_assert_num_queries(0):
        assert (
            model_update(
                department, fields=("name_en",), data={"name_en": department.name_en}, actor=None
            )
            == []
        )


def test_lock_row_reads_the_row_again():
    department = Department.objects.first()
    Department.objects.filter(pk=department.pk).update(name_en="Changed")

    assert lock_row(Department.objects, pk=department.pk).name_en == "Changed"
