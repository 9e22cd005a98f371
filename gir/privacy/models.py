"""The privacy app's models, each kept in the module of its part."""

from .retention_models import DeletionLog, RetentionRule

__all__ = ["DeletionLog", "RetentionRule"]
