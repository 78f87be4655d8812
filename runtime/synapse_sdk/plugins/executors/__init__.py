"""Executors run actions; only the in-process LocalExecutor exists in this runtime."""

from .local import LocalExecutor

__all__ = ["LocalExecutor"]
