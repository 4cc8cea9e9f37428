"""A synthetic server history for `python -m workflow.bench report`: N submissions of one news
item each, every one a topic commit, its request form and three approval merges (division
head, editorial board with a grade on every third, chief): 5 commits a submission, written
with one `git fast-import`, spread over 2026 so that a yearly report reads them all.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from plugins.core.dates import AGENCY_TIMEZONE

UNITS = ("hop-tac-quoc-te", "bien-gioi", "lanh-su", "trung-tam")
CATEGORIES = ("doi-ngoai-trong-tinh", "tuyen-truyen", "kien-thuc-doi-ngoai", "chi-dao-dieu-hanh")
CHAIN = (("duyet/truong-phong", "chu-van-tuan", "unit_head"),
         ("duyet/ban-bien-tap", "vi-thi-hoa", "deputy_chief"),
         ("main", "hoang-van-minh", "chief"))
COMMITS_PER_SUBMISSION = 5


def _data(payload: bytes) -> bytes:
    return f"data {len(payload)}\n".encode() + payload + b"\n"


def _who(person: str, moment: int) -> str:
    return f"{person} <{person}@langson.gov.vn> {moment} +0700"


def make_history(target: Path, config: Path, commits: int) -> int:
    """A bare repository at `target` with `config` (content/_config) on main and about
    `commits` commits of submissions; the number of submissions."""
    subprocess.run(["git", "init", "-q", "--bare", str(target)], check=True)
    submissions = max(1, commits // COMMITS_PER_SUBMISSION)
    start = dt.datetime(2026, 1, 2, 8, tzinfo=AGENCY_TIMEZONE)
    step = int((dt.datetime(2026, 12, 20, tzinfo=AGENCY_TIMEZONE) - start).total_seconds()
               // submissions)
    moment = int(start.timestamp())
    stream = bytearray(b"commit refs/heads/main\nmark :1\n")
    stream += f"committer {_who('quan-tri', moment)}\n".encode() + _data("Khởi tạo".encode())
    for path in sorted(config.glob("*.yaml")):
        stream += f"M 100644 inline content/_config/{path.name}\n".encode()
        stream += _data(path.read_bytes())
    tips = {branch: 1 for branch, _person, _role in CHAIN}
    for branch in ("duyet/truong-phong", "duyet/ban-bien-tap", "duyet/giam-doc"):
        stream += f"reset refs/heads/{branch}\nfrom :1\n\n".encode()
    mark = 1
    for number in range(submissions):
        moment = int(start.timestamp()) + number * step
        day = dt.datetime.fromtimestamp(moment, AGENCY_TIMEZONE).strftime("%Y-%m-%d %H:%M")
        path = f"content/news/2026/ban-tin-{number}.vi.md"
        text = (f"---\ntitle: Bản tin số {number}\ndate: {day}\n"
                f"category: {CATEGORIES[number % 4]}\nunit: {UNITS[number % 4]}\n"
                "author: ha-minh-duc\nsummary: Tóm tắt bản tin.\n---\n\n"
                + "Nội dung bản tin về hoạt động đối ngoại. " * 40 + "\n").encode()
        blob, item, form = mark + 1, mark + 2, mark + 3
        mark += 3
        topic = f"refs/heads/bai/tin-{number}"
        stream += f"blob\nmark :{blob}\n".encode() + _data(text)
        stream += (f"commit {topic}\nmark :{item}\nauthor {_who('ha-minh-duc', moment)}\n"
                   f"committer {_who('ha-minh-duc', moment)}\n").encode()
        stream += _data(f"Bài {number}".encode())
        stream += f"from :{tips['main']}\nM 100644 :{blob} {path}\n".encode()
        form_text = (f"Phiếu đề nghị đăng tin: bai/tin-{number}\n\nSubmitted-By: ha-minh-duc\n"
                     f"Unit: {UNITS[number % 4]}\nCategory: {CATEGORIES[number % 4]}\n"
                     f"Items: {path}\nRequested-Date: none\n")
        stream += (f"commit {topic}\nmark :{form}\nauthor {_who('ha-minh-duc', moment + 600)}\n"
                   f"committer {_who('ha-minh-duc', moment + 600)}\n").encode()
        stream += _data(form_text.encode()) + f"from :{item}\n".encode()
        for hours, (branch, person, role) in enumerate(CHAIN, start=1):
            mark += 1
            grade = "Grade: B\n" if role == "deputy_chief" and number % 3 == 0 else ""
            message = (f"Duyệt bai/tin-{number} vào {branch}\n\nApproved-By: {person}\n"
                       f"Role: {role}\nStage: {branch}\nItems: {path}\n{grade}")
            stream += (f"commit refs/heads/{branch}\nmark :{mark}\n"
                       f"committer {_who(person, moment + 3600 * hours)}\n").encode()
            stream += _data(message.encode())
            stream += f"from :{tips[branch]}\nmerge :{form}\nM 100644 :{blob} {path}\n".encode()
            tips[branch] = mark
    subprocess.run(["git", "fast-import", "--quiet"], cwd=target, input=bytes(stream),
                   check=True)
    return submissions
