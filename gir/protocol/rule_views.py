from django.http import Http404, HttpRequest, HttpResponse


def rule_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def rule_create(request: HttpRequest) -> HttpResponse:
    raise Http404


def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
