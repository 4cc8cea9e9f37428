"""The intake under load: `python -m workflow.bench qa` (README, "Figures").

Starts `portal qa serve` on loopback over a copy of the demo configuration, then has N
concurrent clients each submit their share of questions the way a browser without JavaScript
does (the form, then the confirmation with its token and cookie). It prints the latency of a
whole submission (median, p95, worst) and checks that every question was stored exactly once,
with its own reference.
"""

from __future__ import annotations

import concurrent.futures
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from workflow.qa.desk import SECRET_VARIABLE, open_desk
from workflow.qa.store import DATABASE_URL_VARIABLE
from workflow.qa.throwaway import free_port, postgres_server

ROOT = Path(__file__).resolve().parents[2]
QUESTION = ("Doanh nghiệp chúng tôi cần mời chuyên gia nước ngoài sang lắp đặt thiết bị trong "
            "ba tháng; xin hỏi thủ tục và thời gian giải quyết (câu hỏi thử tải số {n}).")


def _repository(target: Path) -> Path:
    shutil.copytree(ROOT / "content" / "_config", target / "content" / "_config")
    config = target / "content" / "_config" / "qa.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("rate_limit: {requests: 10, minutes: 10}",
                                   "rate_limit: {requests: 100000, minutes: 10}"),
                      encoding="utf-8")
    return target


def _fields(number: int) -> dict[str, str]:
    return {"lang": ("vi", "en", "zh")[number % 3], "kind": "individual",
            "full_name": f"Người Thử Tải {number}", "nationality": "Việt Nam",
            "occupation": "Kỹ sư", "address": f"Số {number} đường Thử Tải",
            "place": "phuong-dong-kinh", "email": f"thu.tai.{number}@example.vn",
            "topic": "thi-thuc", "question": QUESTION.format(n=number), "consent": "yes"}


def _submit(base: str, number: int) -> float:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    fields = _fields(number)
    started = time.perf_counter()
    with opener.open(base + "ask", urllib.parse.urlencode(fields).encode(), timeout=60) as page:
        text = page.read().decode("utf-8")
    token = text.split('name="token" value="', 1)[1].split('"', 1)[0]
    data = urllib.parse.urlencode({**fields, "token": token}).encode()
    with opener.open(base + "confirm", data, timeout=60) as page:
        if page.status != 201:
            raise RuntimeError(f"confirm answered {page.status}")
    return time.perf_counter() - started


def run(submissions: int, clients: int, workers: int, postgresql: bool) -> None:
    """The load test on SQLite, or on a throwaway PostgreSQL server when `postgresql`."""
    if not postgresql:
        _run(submissions, clients, workers)
        return
    with postgres_server() as server:
        os.environ[DATABASE_URL_VARIABLE] = server.new_database()
        os.environ[SECRET_VARIABLE] = secrets.token_hex(32)
        try:
            _run(submissions, clients, workers)
        finally:
            del os.environ[DATABASE_URL_VARIABLE], os.environ[SECRET_VARIABLE]


def _run(submissions: int, clients: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = _repository(Path(folder))
        port = free_port()
        portal = str(Path(sys.executable).with_name("portal"))
        server = subprocess.Popen(
            [portal, "--repo", str(repo), "qa", "serve", "--port", str(port),
             "--workers", str(workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
        base = f"http://127.0.0.1:{port}/"
        try:
            _wait(base)
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
                latencies = sorted(pool.map(lambda n: _submit(base, n), range(submissions)))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
        records = open_desk(repo).store.records()
    references = {record.reference for record in records}
    emails = sorted(record.identity["email"] for record in records)
    once = len(records) == submissions == len(references) == len(set(emails))
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    store = "PostgreSQL" if os.environ.get(DATABASE_URL_VARIABLE) else "SQLite"
    print(f"intake, {store}, {workers} worker(s): {submissions} submissions (form + "
          f"confirmation) from {clients} concurrent clients in {elapsed:.2f} s "
          f"({submissions / elapsed:.0f}/s)")
    print(f"  latency per submission: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms")
    print(f"  stored once each: {'yes' if once else 'NO'} ({len(records)} records, "
          f"{len(references)} references)")
    if not once:
        raise SystemExit(1)


def _wait(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "health", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
