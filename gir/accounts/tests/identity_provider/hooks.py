"""What the test provider says about a person. A person's groups become the `groups`
claim (scope `groups`); membership of the group "mfa" means they logged in with two
factors, which the ID token says with amr ["pwd", "otp", "mfa"] (RFC 8176)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from oidc_provider.lib.claims import ScopeClaims

MFA_GROUP = "mfa"


def subject(user: Any) -> str:
    return f"idp-{user.username}"


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims.update(
        {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
            "email": user.email,
            "email_verified": True,
        }
    )
    return claims


def id_token(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    two_factors = user.groups.filter(name=MFA_GROUP).exists()
    id_token["amr"] = ["pwd", "otp", "mfa"] if two_factors else ["pwd"]
    return id_token


class GroupClaims(ScopeClaims):
    info_groups = (_("Groepen"), _("De groepen waar u lid van bent."))

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": sorted(self.user.groups.exclude(name=MFA_GROUP).values_list("name", flat=True))}
