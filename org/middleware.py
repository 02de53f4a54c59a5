from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from org.errors import DomainError


class UkrainianByDefaultLocaleMiddleware:
    """Activate the language the user chose (the language cookie), else Ukrainian.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the company works in Ukrainian whatever language a browser was installed in,
    and English is a choice a user makes with the switch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen or "")
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class ProductErrorPagesMiddleware:
    """The product's own pages for what the app's views raise, whatever DEBUG says.

    With DEBUG on (``make run``) Django answers an ``Http404`` with its English technical
    page. That page stays for a URL that resolves to no view (a developer's typo, where the
    list of URL patterns helps), since those never reach a view's exceptions; but an object
    outside ``visible_to`` (``get_object_or_404`` in a view) is the "not found, or not yours"
    page users see in production. A ``DomainError`` that no view caught is a refused action:
    409 with its message, never a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and settings.DEBUG:
            return render(request, "404.html", status=404)
        if isinstance(exception, DomainError):
            if exception.code == "forbidden":
                return render(request, "403.html", {"exception": exception.message}, status=403)
            return render(request, "409.html", {"message": exception.message}, status=409)
        return None
