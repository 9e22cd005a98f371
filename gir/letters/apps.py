from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "gir.letters"
    verbose_name = _("Brieven")

    def ready(self) -> None:
        from gir.perpetrators.page import measure_page
        from gir.perpetrators.signals import conduct_meeting_missed

        from .selectors import letters_of
        from .services import letters_on_missed_meeting

        measure_page.register("letters", lambda user, measure: {"letters": letters_of(measure)})
        conduct_meeting_missed.connect(letters_on_missed_meeting, dispatch_uid="letters.missed_meeting")
