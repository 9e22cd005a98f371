"""Pages assembled from parts (docs/architecture.md, ADR 0010). A page belongs to one
app; the apps above it add their sections by registering a part from their
AppConfig.ready(). A part gets the page's arguments and returns template context; it
asks its own app's policy what the user may see."""

from collections.abc import Callable
from typing import Any

PagePart = Callable[..., dict[str, Any]]


class PageParts:
    def __init__(self, page: str) -> None:
        self.page = page
        self._parts: dict[str, PagePart] = {}

    def register(self, name: str, part: PagePart) -> None:
        """Register (or replace, when ready() runs again) the part called `name`."""
        self._parts[name] = part

    def context(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = {}
        for part in self._parts.values():
            context.update(part(*args, **kwargs))
        return context
