"""BaseUploadAction: uploading files into Synapse."""

from __future__ import annotations

from ..enums import PluginCategory, RunMethod
from .base import BaseAction, P, ProgressCategories


class UploadProgress(ProgressCategories):
    UPLOAD = "upload"


class BaseUploadAction(BaseAction[P]):
    category = PluginCategory.UPLOAD
    method = RunMethod.JOB
    progress = UploadProgress


__all__ = ["BaseUploadAction", "UploadProgress"]
