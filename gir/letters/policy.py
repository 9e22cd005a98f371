"""Access to letter templates (DESIGN §2.3). A letter belongs to a measure: who may
manage the measure (gir.perpetrators.policy.can_manage_measures) works its letters."""

from gir.access.kernel import Actor, Capability, has_capability
from gir.access.registry import register_menu


def can_configure_letters(user: Actor) -> bool:
    return has_capability(user, Capability.CONFIGURE_LETTERS)


register_menu("letters", can_configure_letters)
