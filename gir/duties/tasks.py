"""Background work of the duties calendar: plan the tasks ahead every night, and send
reminders in the same rhythm as the protocol's step notices (DESIGN §3)."""

from django.conf import settings
from django.tasks import task

from crontask import cron


@cron(settings.GIR_DUTY_PLAN_SCHEDULE)
@task
def plan_duty_tasks() -> int:
    from .services import tasks_plan

    return tasks_plan()


@cron(settings.GIR_NOTICE_SCHEDULE)
@task
def process_duty_notices() -> int:
    from .notices import duty_notices_send

    return duty_notices_send()
