from django.contrib import admin
from django.http import HttpRequest


class PolicyModelAdmin(admin.ModelAdmin):
    """A model the administrator manages in full."""

    def _allowed(self, request: HttpRequest) -> bool:
        # The site it is registered with (gir.access.admin_site) asks the access policy.
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)
