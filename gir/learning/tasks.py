"""Background work of learning: the reminders of improvement actions, in the same rhythm
as the protocol's step notices (DESIGN §3)."""

from django.conf import settings
from django.tasks import task

from crontask import cron


@cron(settings.GIR_NOTICE_SCHEDULE)
@task
def process_action_notices() -> int:
    from .notices import action_notices_send

    return action_notices_send()
