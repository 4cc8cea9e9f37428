"""The shipped nginx configuration (deploy/nginx/) in front of a built site and the Q&A intake,
with Debian's nginx on 127.0.0.1: clean addresses in three languages, each language's 404 page,
security headers, compression, cached assets, the intake behind its path, and a page that
Chromium loads under that policy without a CSP violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import make_repo
from tests.qa_play import free_port, intake_service

pytestmark = pytest.mark.slow
DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def site(demo_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx as it runs on a server: a master started by root drops its workers to an
    unprivileged user. So what they serve is a copy in a folder anyone may read, under /tmp
    itself (pytest's temporary folders, and a TMPDIR, may be their user's alone), rather than
    workers running as root, which would hide a page the web server's user cannot read (the
    copy keeps the modes the build gave its files)."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs the Debian package nginx")
    folder = Path(tempfile.mkdtemp(prefix="songv-nginx-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield from _serve(folder, shutil.copytree(demo_output, folder / "live"),
                          tmp_path_factory.mktemp("nginx"))
    finally:
        shutil.rmtree(folder)


def _serve(folder: Path, live: Path, private: Path) -> Iterator[str]:
    """nginx with the shipped configuration in `folder`, serving `live`, in front of an
    intake service whose store is in `private`; its address while it runs."""
    repo = make_repo(private / "repo")
    port, intake_port = free_port(), free_port()
    (folder / "snippets").mkdir()
    shutil.copy(DEPLOY / "songv-headers.conf", folder / "snippets" / "songv-headers.conf")
    server = (DEPLOY / "songv.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /srv/songv/live;", f"root {live};").replace(
        "/var/log/nginx/", f"{folder}/").replace(
        "include snippets/", f"include {folder}/snippets/").replace(
        "http://127.0.0.1:8765/", f"http://127.0.0.1:{intake_port}/")
    (folder / "songv.conf").write_text(server, encoding="utf-8")
    workers = "user nobody nogroup;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""
{workers}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/songv.conf;
}}
""", encoding="utf-8")
    with intake_service(repo, {}, intake_port):
        process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder),
                                    "-g", "daemon off;"], stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(url + "/", timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None:
                        pytest.fail(process.stderr.read().decode() if process.stderr else "")
                    time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.mark.parametrize(("path", "lang"), [("/", "vi"), ("/english/", "en"),
                                            ("/chinese/", "zh-Hans"), ("/tin-tuc/", "vi")])
def test_pages_answer_with_the_security_headers(site: str, path: str, lang: str) -> None:
    status, headers, body = fetch(site + path)
    assert status == 200 and f'<html lang="{lang}">' in body
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] and headers["Permissions-Policy"]
    assert "Server" not in headers or "/" not in headers["Server"]  # no version


@pytest.mark.parametrize(("path", "lang"), [("/khong-co/", "vi"), ("/english/missing/", "en"),
                                            ("/chinese/missing/", "zh-Hans")])
def test_each_language_has_its_own_404(site: str, path: str, lang: str) -> None:
    status, headers, body = fetch(site + path)
    assert status == 404 and f'<html lang="{lang}">' in body
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_assets_are_cached_and_compressed(site: str) -> None:
    status, headers, _body = fetch(site + "/theme/css/site.css",
                                   {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "max-age" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_intake_answers_behind_its_path(site: str) -> None:
    status, _headers, body = fetch(site + "/dich-vu/hoi-dap/health")
    assert status == 200 and body == "ok"


def test_a_page_loads_without_a_csp_violation(site: str, browser) -> None:
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(site + "/van-ban/")
    page.fill("#register-filter", "nghi dinh")  # the register's script ran
    page.goto(site + "/english/")
    page.close()
    assert not [text for text in messages if "Content Security Policy" in text]
