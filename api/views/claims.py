"""Claims: register, list, read, respond, resolve, close, and their comments, through
the services and the visibility the claim screens use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import call_service
from api.serializers.common import CommentSerializer
from api.serializers.work import (
    ClaimRegisterSerializer,
    ClaimSerializer,
    CloseSerializer,
    ResolveSerializer,
    RespondSerializer,
)
from api.views import ID_PATTERN
from claims import selectors, services
from claims.forms import ClaimFilterForm
from claims.models import Claim, ClaimStatus
from contracts.models import Priority
from org.selectors import may_act_on

CLAIM_RELATIONS = ("contract", "registered_by")
# The claim list's filters (`claims.forms.ClaimFilterForm`), by their query names.
LIST_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Subject, contract number, client, formal number or #id."
    ),
    OpenApiParameter("status", str, enum=ClaimStatus.values),
    OpenApiParameter("overdue", bool, description="Only claims past their fix time."),
    OpenApiParameter("department", int, description="Routed to this department (id)."),
    OpenApiParameter("contract", int, description="On this contract (id)."),
    OpenApiParameter("priority", str, enum=Priority.values),
    OpenApiParameter("formal", str, enum=["yes", "no"]),
    OpenApiParameter("site", int, description="About this site (id)."),
    OpenApiParameter("post", int, description="About this staffing post (id)."),
]
# A service's refusal about one of these fields is that field's 400.
REGISTER_FIELDS = ("contract", "site", "reported_by", "formal_number", "post", "shift")
MOVES: dict[str, tuple[type[serializers.Serializer], Callable[..., Claim]]] = {
    "respond": (RespondSerializer, services.claim_respond),
    "resolve": (ResolveSerializer, services.claim_resolve),
    "close": (CloseSerializer, services.claim_close),
}


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS, summary="Claims the user sees"),
    retrieve=extend_schema(summary="A claim"),
    create=extend_schema(
        summary="Register a claim",
        request=ClaimRegisterSerializer,
        responses={201: ClaimSerializer},
    ),
)
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Claim.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = ClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "list":
            form = ClaimFilterForm(self.request.query_params, user=self.request.user)
            if not form.is_valid():
                raise serializers.ValidationError(
                    {name: list(errors) for name, errors in form.errors.items()}
                )
            claims = selectors.claim_list(self.request.user, filters=form.cleaned_data)
        else:
            # Archived claims still open by their id; only the list leaves them out.
            claims = Claim.objects.visible_to(self.request.user, archived=None)
        return claims.select_related(*CLAIM_RELATIONS)

    def managed_claim(self) -> Claim:
        """The claim of the URL, when the user may act on it (a manager's, their cover's)."""
        claim = self.get_object()
        if not may_act_on(self.request.user, claim):
            raise PermissionDenied
        return claim

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.manages_clients:
            raise PermissionDenied
        form = ClaimRegisterSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        claim = call_service(
            lambda: services.claim_register(actor=request.user, **form.validated_data),
            fields=REGISTER_FIELDS,
        )
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    def _move(self, request: Request, name: str) -> Response:
        claim = self.managed_claim()
        form_class, service = MOVES[name]
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        call_service(lambda: service(actor=request.user, claim=claim, **form.validated_data))
        return Response(ClaimSerializer(self.get_queryset().get(pk=claim.pk)).data)

    @extend_schema(
        summary="Record the answer to the client",
        request=RespondSerializer,
        responses=ClaimSerializer,
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, "respond")

    @extend_schema(
        summary="Resolve: only once every hand-off of the claim is done or declined",
        request=ResolveSerializer,
        responses=ClaimSerializer,
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, "resolve")

    @extend_schema(
        summary="Close with the client's confirmation",
        request=CloseSerializer,
        responses=ClaimSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, "close")

    @extend_schema(
        methods=["get"],
        summary="The claim's internal comments",
        responses=CommentSerializer(many=True),
    )
    @extend_schema(
        methods=["post"],
        summary="Add an internal comment",
        request=CommentSerializer,
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            claim = self.get_object()
            rows = claim.comments.select_related("author").order_by("created_at", "pk")
            return Response(CommentSerializer(rows, many=True).data)
        claim = self.managed_claim()
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        comment = call_service(
            lambda: services.claim_comment(
                actor=request.user, claim=claim, text=form.validated_data["text"]
            )
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
