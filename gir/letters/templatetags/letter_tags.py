"""What the letters section of a measure page may offer; the access policy decides."""

from typing import Any

from django import template

from gir.perpetrators.policy import can_manage_measures

register = template.Library()


@register.filter
def manages_letters_of(user: Any, measure: Any) -> bool:
    """{% if request.user|manages_letters_of:measure %}: make letters and mark copies done."""
    return bool(user and user.is_authenticated) and can_manage_measures(user, measure.perpetrator)
