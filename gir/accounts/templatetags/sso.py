from django import template
from django.conf import settings

from ..sso import provider

register = template.Library()


@register.simple_tag
def login_options() -> dict[str, object]:
    """What the log-in page offers: the provider's button, the password form, or both."""
    return {
        "provider": provider.is_configured(),
        "provider_name": settings.GIR_OIDC_PROVIDER_NAME,
        "local": settings.GIR_LOCAL_LOGIN,
    }
