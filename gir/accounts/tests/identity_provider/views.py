"""The test provider's own pages: its log-in page, and two calls only the test suite may
make (guarded by a token it chose at start) to set up people and GIR's client."""

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, HttpResponseForbidden, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from oidc_provider.models import Client, ResponseType

from .hooks import subject


def _allowed(request: HttpRequest) -> bool:
    token = request.headers.get("X-Test-Token", "")
    return bool(settings.OIDC_TEST_TOKEN) and constant_time_compare(token, settings.OIDC_TEST_TOKEN)


@csrf_exempt
@require_POST
def person(request: HttpRequest) -> Any:
    """Create or update a person: username, password, email, given_name, family_name,
    groups, mfa (bool)."""
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    user, _created = User.objects.get_or_create(username=data["username"])
    user.email = data.get("email", "")
    user.first_name = data.get("given_name", "")
    user.last_name = data.get("family_name", "")
    user.set_password(data["password"])
    user.save()
    groups = list(data.get("groups", [])) + (["mfa"] if data.get("mfa") else [])
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    return JsonResponse({"sub": subject(user)})


@csrf_exempt
@require_POST
def client(request: HttpRequest) -> Any:
    """Register (or update) GIR as a confidential client with its redirect URIs."""
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    gir, _created = Client.objects.get_or_create(
        client_id=data["client_id"],
        defaults={"name": "GIR", "client_type": "confidential", "jwt_alg": "RS256"},
    )
    gir.client_secret = data["client_secret"]
    gir.require_consent = False
    gir.redirect_uris = data["redirect_uris"]
    gir.post_logout_redirect_uris = data["post_logout_redirect_uris"]
    gir.save()
    gir.response_types.set([ResponseType.objects.get(value="code")])
    return JsonResponse({"client_id": gir.client_id})
