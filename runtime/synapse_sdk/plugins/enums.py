"""Enumerations shared by plugins, configs and the runtime.

They are ``str`` enums whose ``str()`` is the plain value, so they compare equal to the
strings found in config.yaml (``PluginCategory.NEURAL_NET == "neural_net"``) and can be
written straight into JSON events.
"""

from __future__ import annotations

from enum import Enum


class _StrEnum(str, Enum):
    """A str-valued enum that prints as its value on every supported Python version."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class PluginCategory(_StrEnum):
    NEURAL_NET = "neural_net"
    EXPORT = "export"
    UPLOAD = "upload"
    SMART_TOOL = "smart_tool"
    DATA_VALIDATION = "data_validation"
    PRE_ANNOTATION = "pre_annotation"
    POST_ANNOTATION = "post_annotation"
    CUSTOM = "custom"


class RunMethod(_StrEnum):
    JOB = "job"
    TASK = "task"
    SERVE = "serve"
    RESTAPI = "restapi"


class LogLevel(_StrEnum):
    """Log levels; ``ctx.log_message`` accepts these or their string values."""

    DEBUG = "debug"
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    DANGER = "danger"
    ERROR = "error"
    CRITICAL = "critical"

    @classmethod
    def coerce(cls, level: "LogLevel | str") -> "LogLevel":
        """Accept the guide's strings ("info") and upstream's enums alike."""
        if isinstance(level, cls):
            return level
        if isinstance(level, str):
            try:
                return cls(level.lower())
            except ValueError:
                pass
        valid = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"Unknown log level {level!r}; use one of {valid} or a LogLevel")


class MetricsCategory(_StrEnum):
    TRAIN = "train"
    VALIDATION = "validation"
    TEST = "test"


class ExecutionMode(_StrEnum):
    """Where ``plugin run`` runs an action (only ``local`` in this runtime)."""

    LOCAL = "local"
    TASK = "task"
    JOB = "job"


class PackageManager(_StrEnum):
    PIP = "pip"
    UV = "uv"


class DataType(_StrEnum):
    """A neural_net plugin's ``data_type``."""

    IMAGE = "image"
    TEXT = "text"
    VIDEO = "video"
    PCD = "pcd"
    AUDIO = "audio"
    DATA = "data"


class AnnotationCategory(_StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    TEXT = "text"
    PCD = "pcd"
    PROMPT = "prompt"
    TIME_SERIES = "time_series"


class AnnotationType(_StrEnum):
    BBOX = "bbox"
    POLYGON = "polygon"
    POINT = "point"
    LINE = "line"
    MASK = "mask"
    LABEL = "label"


class SmartToolType(_StrEnum):
    INTERACTIVE = "interactive"
    AUTOMATIC = "automatic"
    SEMI_AUTOMATIC = "semi_automatic"


__all__ = [
    "AnnotationCategory",
    "AnnotationType",
    "DataType",
    "ExecutionMode",
    "LogLevel",
    "MetricsCategory",
    "PackageManager",
    "PluginCategory",
    "RunMethod",
    "SmartToolType",
]
