"""Mails about personal learning goals: the manager hears that a goal waits for them,
the employee hears how it was received. Sent after the write commits. A mail names
nobody: the words of the kind of mail and a link (issue 19 item 3)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from gir.accounts.constants import MembershipRole
from gir.accounts.models import User

from .constants import GoalStatus
from .models import SelfAssessment


def _send(subject: str, text: str, url: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    body = _("%(text)s\n\nBekijk het in GIR (inloggen nodig):\n%(url)s") % {
        "text": text,
        "url": settings.SITE_URL + url,
    }
    return send_mail(_("GIR: %(subject)s") % {"subject": subject}, body, None, recipients)


def goal_proposed(assessment: SelfAssessment) -> int:
    """To the managers of the employee's teams: a learning goal waits for them."""
    teams = assessment.employee.memberships.values("team_id")
    managers = User.objects.filter(
        is_active=True, memberships__team_id__in=teams, memberships__role=MembershipRole.MANAGER
    ).exclude(pk=assessment.employee_id)
    recipients = sorted({m.email for m in managers if m.email})
    return _send(
        _("een leerdoel wacht op je reactie"),
        # Who wrote it is on the page behind the link, never in the mail (issue 19 item 3).
        _("Iemand in uw team heeft een persoonlijk leerdoel opgeschreven. Bespreek het en bevestig het."),
        reverse("development:goal_review", args=[assessment.pk]),
        recipients,
    )


def goal_reviewed(assessment: SelfAssessment) -> int:
    employee = assessment.employee
    if not employee.is_active or not employee.email:
        return 0
    if assessment.goal_status == GoalStatus.CONFIRMED:
        subject = _("je leerdoel is bevestigd")
    else:
        subject = _("je leidinggevende wil je leerdoel met je bespreken")
    return _send(
        subject,
        subject[:1].upper() + subject[1:] + ".",
        reverse("development:assessment", args=[assessment.pk]),
        [employee.email],
    )
