"""Test helpers for the Q&A desk: a throwaway PostgreSQL server, the intake service started as
a real process on loopback, and HTTP posts as a browser without JavaScript sends them."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from workflow.qa.throwaway import free_port, postgres_server

__all__ = ["free_port", "postgres_server"]

PORTAL = str(Path(sys.executable).with_name("portal"))


@dataclass
class Intake:
    """`portal qa serve` as a process: its address and the log it wrote."""

    url: str
    log: Path
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def intake_service(repo: Path, env: dict[str, str], port: int | None = None
                   ) -> Iterator[Intake]:
    port = port or free_port()
    log = repo / "intake.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [PORTAL, "--repo", str(repo), "qa", "serve", "--port", str(port)],
            stdout=stream, stderr=subprocess.STDOUT, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the intake did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield Intake(url, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Answer:
    status: int
    text: str


class Browser:
    """A client without JavaScript: it keeps cookies and posts forms as a browser does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
            CookieJar()))

    def request(self, path: str, body: bytes | None = None,
                content_type: str = "application/x-www-form-urlencoded",
                headers: dict[str, str] | None = None) -> Answer:
        request = urllib.request.Request(self.base + path, data=body, headers={
            **({"Content-Type": content_type} if body is not None else {}), **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Answer(answer.status, answer.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8", "replace"))

    def post(self, path: str, fields: dict[str, str]) -> Answer:
        return self.request(path, urllib.parse.urlencode(fields).encode())

    def ask_and_confirm(self, fields: dict[str, str]) -> Answer:
        shown = self.post("ask", fields)
        assert shown.status == 200, shown.text
        token = shown.text.split('name="token" value="', 1)[1].split('"', 1)[0]
        return self.post("confirm", {**fields, "token": token})


def citizen(**changes: str) -> dict[str, str]:
    """A complete, valid individual's form, with `changes`."""
    fields = {"lang": "vi", "kind": "individual", "full_name": "Hoàng Thị Thử Nghiệm",
              "nationality": "Việt Nam", "occupation": "Kế toán",
              "address": "Số 7 ngõ 3 đường Thử Nghiệm", "place": "phuong-dong-kinh",
              "email": "thu.nghiem@example.vn", "phone": "0205 0000 777", "topic": "thi-thuc",
              "question": "Tôi muốn mời một chuyên gia người Pháp sang làm việc ba tháng tại "
                          "doanh nghiệp của gia đình, cần chuẩn bị giấy tờ gì?",
              "consent": "yes"}
    fields.update(changes)
    return fields


def organisation(**changes: str) -> dict[str, str]:
    fields = {"lang": "vi", "kind": "organisation", "organisation": "Công ty TNHH Thử Nghiệm",
              "representative": "Lục Văn Đại Diện", "position": "Giám đốc",
              "licence": "4900999888", "address": "Lô 9 Khu kinh tế cửa khẩu Thử Nghiệm",
              "place": "xa-dong-dang", "email": "lienhe@thunghiem.example.vn",
              "topic": "hoi-nghi-quoc-te",
              "question": "Công ty dự định tổ chức hội thảo với đối tác nước ngoài tại tỉnh, "
                          "cần xin phép cơ quan nào?",
              "consent": "yes"}
    fields.update(changes)
    return fields


def write_json(path: Path, fields: dict[str, object]) -> Path:
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    return path
