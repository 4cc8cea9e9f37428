"""`content/_config/qa.yaml` read into the settings the intake and the `portal qa` commands use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.configfiles import load_config

QA_FILE = "qa.yaml"


@dataclass(frozen=True)
class QaConfig:
    intake_url: str
    max_request_bytes: int
    rate_requests: int
    rate_minutes: int
    duplicate_days: int
    token_minutes: int
    complaint_terms: tuple[str, ...]
    sqlite_path: str  # relative to the repository root
    outbox: str  # relative to the repository root
    sender: str
    sender_name: str
    smtp_host: str | None
    smtp_port: int
    smtp_starttls: bool


def _parse(path: Path, data: dict[str, Any]) -> QaConfig:
    del path
    intake, mail = data["intake"], data["mail"]
    smtp = mail.get("smtp") or {}
    return QaConfig(
        intake_url=intake["url"], max_request_bytes=intake["max_request_kib"] * 1024,
        rate_requests=intake["rate_limit"]["requests"],
        rate_minutes=intake["rate_limit"]["minutes"],
        duplicate_days=intake["duplicate_days"], token_minutes=intake["token_minutes"],
        complaint_terms=tuple(intake["complaint_terms"]),
        sqlite_path=data["store"]["sqlite"], outbox=data["outbox"], sender=mail["sender"],
        sender_name=mail.get("sender_name", ""), smtp_host=smtp.get("host"),
        smtp_port=smtp.get("port", 587), smtp_starttls=smtp.get("starttls", True))


def load_qa_config(content_dir: Path) -> QaConfig:
    return load_config(content_dir, QA_FILE, _parse)
