from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from .constants import Role
from .models import User, UserRole


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str) -> User:
    """The first administrator of a real installation: manages users and organisation,
    sees no incident content (DESIGN §1)."""
    user = User(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    UserRole.objects.create(user=user, role=Role.ADMINISTRATOR)
    return user
