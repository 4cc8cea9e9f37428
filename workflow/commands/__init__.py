"""Subcommands of `portal`: each module adds its parser and handler through `register`."""

from __future__ import annotations

from workflow.commands import (
    build,
    calendar,
    check,
    deadlines,
    hooks,
    new,
    serve,
    translated,
)

REGISTRY = (build.register, serve.register, new.register, check.register, hooks.register,
            translated.register, calendar.register, deadlines.register)
