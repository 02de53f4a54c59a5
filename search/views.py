from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from org.models import User
from org.params import SEARCH_QUERY_LIMIT
from search.site import search_everything


class AuthenticatedRequest(HttpRequest):
    """A request past the sign-in middleware: its user is one of ours."""

    user: User


class SearchForm(forms.Form):
    # A CharField refuses NUL, which PostgreSQL cannot compare with text.
    q = forms.CharField(required=False, max_length=SEARCH_QUERY_LIMIT)


def search(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search_everything(request.user, query)
    return render(request, "search/search.html", {"query": query, "results": results})
