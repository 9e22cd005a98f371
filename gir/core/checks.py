"""System checks of the file storage settings (manage.py check): a store that cannot work
is reported when GIR starts, not at the first upload."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

STORAGE_CHOICES = ("local", "s3")


@register("storage")
def storage_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    choice = getattr(settings, "GIR_STORAGE", "local")
    if choice not in STORAGE_CHOICES:
        problems.append(
            Error(
                f"GIR_STORAGE is {choice!r}: GIR knows 'local' and 's3'.",
                hint="Leave it out for files on local disk, or set GIR_STORAGE=s3 with GIR_S3_BUCKET.",
                id="core.E001",
            )
        )
    default = settings.STORAGES.get("default", {})
    if default.get("BACKEND", "").endswith("S3Storage") and not default.get("OPTIONS", {}).get("bucket_name"):
        problems.append(
            Warning(
                "GIR_STORAGE=s3, but no bucket is named: no evidence, photo, letter or export can be stored.",
                hint="Set GIR_S3_BUCKET to a private bucket (README 'File storage').",
                id="core.W001",
            )
        )
    return problems
