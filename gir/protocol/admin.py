from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from gir.core.admin_site import PolicyModelAdmin

# The background queue holds ids only, no personal data: the administrator may
# look at it (failed reminders, say) but not change it.
admin.site.unregister(DBTaskResult)
# Beheer is Dutch (issue 17 item 6): the app's name is a plain string in django_tasks_db;
# its field and model names come from gir/locale.
apps.get_app_config("django_tasks_database").verbose_name = _("Achtergrondtaken")


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin, PolicyModelAdmin):
    list_display = (
        "id",
        "task_label",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description=_("taak"))
    def task_label(self, obj: DBTaskResult) -> str:
        # The function's name, read from its path (task_name would import and validate it).
        return obj.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("foutmelding"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("uitvoeren na"))
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
