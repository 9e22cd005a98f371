from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gir.incidents import selectors


def home(request: HttpRequest) -> HttpResponse:
    drafts = selectors.my_drafts(request.user)[:5]
    return render(request, "home/home.html", {"drafts": drafts})
