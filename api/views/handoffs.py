"""Hand-offs: list (the inbox's tabs and filters), read, take, complete, decline, and
their comments, through the hand-off services and visibility."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import call_service
from api.serializers.common import CommentSerializer
from api.serializers.work import CompleteSerializer, DeclineSerializer, HandoffSerializer
from api.views import ID_PATTERN
from handoffs import services
from handoffs.filters import HandoffFilter
from handoffs.models import Handoff, Status
from handoffs.selectors import INBOX_TABS, inbox_queryset

RELATIONS = ("department", "assignee", "requested_by")
TABS = [tab.key for tab in INBOX_TABS]


class ApiHandoffFilter(HandoffFilter):
    """The inbox's filters, and the status."""

    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta(HandoffFilter.Meta):
        fields = [*HandoffFilter.Meta.fields, "status"]


@extend_schema_view(
    list=extend_schema(
        summary="Hand-offs the user sees",
        parameters=[
            OpenApiParameter(
                "tab",
                str,
                enum=TABS,
                description="One tab of the inbox (department members); none: every visible hand-off.",
            )
        ],
    ),
    retrieve=extend_schema(summary="A hand-off"),
)
class HandoffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Handoff.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = HandoffSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiHandoffFilter

    def get_queryset(self) -> QuerySet[Handoff]:
        user = self.request.user
        if self.action != "list":
            # Archived hand-offs still open by their id; the lists leave them out.
            return Handoff.objects.visible_to(user, archived=None).select_related(*RELATIONS)
        tab = self.request.query_params.get("tab")
        if tab is None:
            rows = Handoff.objects.visible_to(user)
        elif tab in TABS and user.is_department_member:
            rows = inbox_queryset(user, tab)
        else:
            raise serializers.ValidationError(
                {
                    "tab": [
                        _("An inbox tab of a department member: one of %(tabs)s.")
                        % {"tabs": ", ".join(TABS)}
                    ]
                }
            )
        return rows.select_related(*RELATIONS)

    def _answer(self, handoff: Handoff) -> Response:
        return Response(HandoffSerializer(self.get_queryset().get(pk=handoff.pk)).data)

    @extend_schema(summary="Take an unassigned hand-off", request=None, responses=HandoffSerializer)
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str | None = None) -> Response:
        handoff = self.get_object()
        call_service(lambda: services.handoff_take(actor=request.user, handoff=handoff))
        return self._answer(handoff)

    @extend_schema(
        summary="Complete with its result", request=CompleteSerializer, responses=HandoffSerializer
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        handoff = self.get_object()
        form = CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        call_service(
            lambda: services.handoff_complete(
                actor=request.user, handoff=handoff, result=form.validated_data["result"]
            )
        )
        return self._answer(handoff)

    @extend_schema(
        summary="Decline, saying why", request=DeclineSerializer, responses=HandoffSerializer
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        handoff = self.get_object()
        form = DeclineSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        call_service(
            lambda: services.handoff_decline(
                actor=request.user, handoff=handoff, reason=form.validated_data["reason"]
            )
        )
        return self._answer(handoff)

    @extend_schema(
        methods=["get"], summary="The hand-off's comments", responses=CommentSerializer(many=True)
    )
    @extend_schema(
        methods=["post"],
        summary="Add a comment",
        request=CommentSerializer,
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        handoff = self.get_object()
        if request.method == "GET":
            rows = handoff.comments.select_related("author").order_by("created_at", "pk")
            return Response(CommentSerializer(rows, many=True).data)
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        comment = call_service(
            lambda: services.handoff_comment(
                actor=request.user, handoff=handoff, text=form.validated_data["text"]
            )
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
