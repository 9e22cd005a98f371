from django.tasks import task

from .models import User
from .passwords import reset_link_mail


@task
def send_password_link(user_id: int) -> bool:
    """Mail the link to choose a password, outside the request: the page that asked
    answers as fast for a known address as for an unknown one, and a mail server that
    is down does not break it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    reset_link_mail(user)
    return True
