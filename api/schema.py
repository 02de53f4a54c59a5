"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the
token scheme, and the error answers every operation can give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from api.serializers.common import ErrorSerializer

ERRORS = {
    "400": "The request is not valid (code invalid, errors per field).",
    "401": "No valid token or session: unknown, revoked or expired token.",
    "403": "Not allowed: a read-only token writing, or the user may not act on the record.",
    "404": "No such record among those the user may see.",
    "409": "The service refused: the move is not allowed now (the reason and its code).",
    "429": "Too many requests for this token: wait as Retry-After says.",
}
READ_ERRORS = ("400", "401", "403", "404", "429")


# Ids in paths: what the URL patterns take (`api.views.ID_PATTERN`), as a number.
PATH_ID = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}


class ApiSchema(AutoSchema):
    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "id":
                parameter["schema"] = dict(PATH_ID)
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in ("GET", "HEAD") else tuple(ERRORS)
        for code in codes:
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = ERRORS[code]
                responses[code] = body
        return responses


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "PersonalToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal token from the notifications and settings page, as "
                "`Authorization: Token cd_…`. Read-only tokens get 403 on any write."
            ),
        }
