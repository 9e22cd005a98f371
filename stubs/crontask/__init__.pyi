# django-crontask ships annotations but no py.typed marker; this stub states the one name GIR uses,
# keeping the task's parameters and return type through the decorator.
from collections.abc import Callable
from typing import Any, TypeVar

from django.tasks import Task

from apscheduler.triggers.base import BaseTrigger

_TaskT = TypeVar("_TaskT", bound=Task[Any, Any])

def cron(
    schedule: str | BaseTrigger,
    *,
    sentry_monitor_config: dict[str, dict[str, str | int] | str] | None = ...,
) -> Callable[[_TaskT], _TaskT]: ...
