"""Subcommands of `portal`: each module adds its parser and handler through a `register`
function (hooks.py has two: `install-hooks` and `uninstall-hooks`)."""

from __future__ import annotations

from workflow.commands import (
    approve,
    backup,
    build,
    calendar,
    check,
    ci,
    deadlines,
    hooks,
    log,
    new,
    qa,
    reject,
    report,
    review,
    serve,
    server,
    status,
    submit,
    sync,
    translated,
    withdraw,
)

REGISTRY = (build.register, serve.register, new.register, check.register, hooks.register,
            hooks.register_uninstall, translated.register, calendar.register, deadlines.register,
            server.register, submit.register, approve.register, reject.register,
            review.register,
            status.register, log.register, sync.register, withdraw.register, qa.register,
            ci.register, ci.register_rollback, backup.register, backup.register_restore,
            report.register)
