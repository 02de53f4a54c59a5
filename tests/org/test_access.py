import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from org.roles import Role

pytestmark = pytest.mark.django_db

# Reachable without signing in, on purpose.
PUBLIC = {"login", "set_language", "healthz", "favicon"}
# The API's pages for people (its documentation): signed-in users only, like every page.
BROWSER_API_PAGES = {"api:docs"}


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin has its own sign-in, tested below
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def reversible(name, pattern):
    kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, 1)
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:
        return None


def test_every_page_but_sign_in_requires_a_signed_in_user(client):
    checked = 0
    for name, pattern in named_urls():
        if name in PUBLIC:
            continue
        url = reversible(name, pattern)
        if url is None:
            continue
        response = client.get(url)
        checked += 1
        if name.startswith("api:") and name not in BROWSER_API_PAGES:
            # The REST API signs in its own callers (token or session): 401 in JSON.
            assert response.status_code == 401, name
            continue
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name
    assert checked >= 2


def test_admin_sends_anonymous_users_to_its_sign_in(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_sign_in_page_is_in_ukrainian_by_default(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert response["Content-Language"] == "uk"
    assert "Увійти" in response.content.decode()


def test_healthz_answers_without_sign_in(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"


def test_signing_in_lands_on_the_role_home(client, make_user):
    make_user(Role.EXECUTIVE_DIRECTOR, username="boss", is_staff=True)

    response = client.post(reverse("login"), {"username": "boss", "password": "password"})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("admin:index")


def test_wrong_password_shows_an_error_not_a_500(client, make_user):
    make_user(Role.SUPPORT_MANAGER, username="olena")

    response = client.post(reverse("login"), {"username": "olena", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_repeated_failures_lock_the_sign_in(client, make_user, settings):
    make_user(Role.SUPPORT_MANAGER, username="olena")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "olena", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "olena", "password": "password"})

    assert response.status_code == 429
    assert "Забагато" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client, manager):
    client.force_login(manager)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "department", "expected"),
    [
        (Role.EXECUTIVE_DIRECTOR, None, "admin:index"),
        (Role.GENERAL_DIRECTOR, None, "admin:index"),
        (Role.SUPPORT_MANAGER, None, "contracts:portfolio"),
        (Role.DEPARTMENT_STAFF, "hr", "handoffs:inbox"),
        (Role.DEPARTMENT_HEAD, "production", "handoffs:inbox"),
    ],
)
def test_home_sends_each_role_to_its_place(client, make_user, role, department, expected):
    user = make_user(
        role, department=department, is_staff=role.startswith(("executive", "general"))
    )
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(expected)


def test_user_without_a_role_is_told_so(client, make_user):
    client.force_login(make_user())

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "не має ролі" in response.content.decode()


def test_language_switch_turns_the_interface_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302

    english = client.get(reverse("login"))
    assert english["Content-Language"] == "en"
    assert "Sign in" in english.content.decode()

    client.post(reverse("set_language"), {"language": "uk", "next": "/accounts/login/"})
    assert "Увійти" in client.get(reverse("login")).content.decode()


def test_unknown_language_falls_back_to_ukrainian(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("login"))

    assert response["Content-Language"] == "uk"
