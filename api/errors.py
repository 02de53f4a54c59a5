"""Every refusal as JSON with a machine-readable ``code``.

- a service's `DomainError`: ``forbidden`` → 403, ``not_found`` → 404, anything else
  (a move the workflow does not allow now, a blocker, someone else first) → 409;
  a refusal about one request field (its code names the field) → 400 with ``errors``;
- a request that fails validation → 400, ``code: invalid`` and ``errors`` per field;
- the rest (401, 403, 404, 405, 415, 429) keep DRF's status with its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from org.blockers import BlockedError
from org.errors import ConflictError, DomainError

T = TypeVar("T")
DOMAIN_STATUS = {"forbidden": status.HTTP_403_FORBIDDEN, "not_found": status.HTTP_404_NOT_FOUND}


class FieldRefusal(exceptions.ValidationError):
    """A service refused one field of the request (400 with that field's error)."""


def call_service(call: Callable[[], T], *, fields: Iterable[str] = ()) -> T:
    """Run a service; its refusal about one of ``fields`` becomes that field's error."""
    try:
        return call()
    except DomainError as error:
        if error.code in set(fields) and not isinstance(error, ConflictError):
            raise FieldRefusal({error.code: [strip_tags(str(error.message))]}) from error
        raise


def domain_response(error: DomainError) -> Response:
    body: dict[str, Any] = {"code": error.code, "detail": strip_tags(str(error.message))}
    if isinstance(error, BlockedError):
        body["blockers"] = [
            {"code": b.code, "detail": strip_tags(str(b.text)), "url": b.url}
            for b in error.blockers
        ]
    code = status.HTTP_409_CONFLICT
    if not isinstance(error, ConflictError):
        code = DOMAIN_STATUS.get(error.code, status.HTTP_409_CONFLICT)
    return Response(body, status=code)


def _first_code(codes: Any) -> str:
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        return next((_first_code(c) for c in codes.values()), "error")
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    return "error"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return domain_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "code": "invalid",
            "detail": _("The request is not valid: see errors."),
            "errors": errors,
        }
    elif isinstance(exc, exceptions.APIException):
        response.data = {"code": _first_code(exc.get_codes()), "detail": str(exc.detail)}
    else:
        # Django's Http404 and PermissionDenied, which DRF turned into its own.
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = "not_found" if response.status_code == 404 else "permission_denied"
        response.data = {"code": code, "detail": str(detail)}
    return response
