"""The registry the apps' policies register with (ADR 0011).

Each app keeps its access policy beside its code, in ``gir/<app>/policy.py``. At
start-up ``AccessConfig.ready()`` imports every one of them
(``autodiscover_modules("policy")``); on import, a policy registers

- ``register_check(Model, check)``: the answer to ``can(user, action, obj)`` for
  objects of its models;
- ``register_menu(key, predicate)``: a menu entry (``nav.<key>`` in the templates)
  and who is offered it.

The kernel never imports an app's policy; the apps import the kernel.
"""

from collections.abc import Callable

from django.db.models import Model

from .kernel import Actor, capabilities_of

MenuPredicate = Callable[[Actor], bool]

_checks: dict[type[Model], Callable[[Actor, str, Model], bool]] = {}
_menu: dict[str, MenuPredicate] = {}


def register_check[M: Model](model: type[M], check: Callable[[Actor, str, M], bool]) -> None:
    """Let ``can`` answer for objects of this model with ``check``."""
    if model in _checks and _checks[model] is not check:
        raise ValueError(f"{model.__name__} already has a check")
    _checks[model] = check  # type: ignore[assignment]  # keyed by the model it checks


def register_menu(key: str, predicate: MenuPredicate) -> None:
    """Offer the menu entry ``nav.<key>`` to the users for whom ``predicate`` holds."""
    if key in _menu and _menu[key] is not predicate:
        raise ValueError(f"menu entry {key!r} is registered twice")
    _menu[key] = predicate


def can(user: Actor, action: str, obj: Model) -> bool:
    """May this user do this to this object? Asks the policy of the object's app."""
    check = _checks.get(type(obj))
    if check is None:
        raise LookupError(f"no policy registered for {type(obj).__name__}")
    return check(user, action, obj)


def menu_for(user: Actor | None) -> dict[str, bool]:
    """Every registered menu entry, and whether this user is offered it. Nobody without
    a capability (an anonymous visitor, a blocked account) is offered anything."""
    if user is None or not capabilities_of(user):
        return dict.fromkeys(_menu, False)
    return {key: predicate(user) for key, predicate in _menu.items()}


def menu_keys() -> frozenset[str]:
    return frozenset(_menu)


def offered(user: Actor | None, key: str) -> bool:
    """Whether the menu entry ``key`` is offered to this user: how an app links to a page
    of an app it may not import (duties to the dashboard of reports)."""
    predicate = _menu.get(key)
    if user is None or predicate is None or not capabilities_of(user):
        return False
    return predicate(user)
