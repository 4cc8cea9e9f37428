"""Benchmarks that print figures: `python -m workflow.bench
compare|revisions|floors|check|hook|qa|weight|report`.

Speed targets are checked here, by medians of repeated runs on synthetic portals, and quoted in
the README; tests never assert on time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workflow.buildkey import SETTINGS_FILES

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("doi-ngoai-trong-tinh", "chi-dao-dieu-hanh", "tuyen-truyen", "kien-thuc-doi-ngoai")
UNITS = ("hop-tac-quoc-te", "bien-gioi", "lanh-su", "trung-tam")
ITEM_LINK = re.compile(r"\[([^\]]*)\]\(\{filename\}[^)]*\)")
PARAGRAPH = ("Sáng nay, Sở Ngoại vụ tỉnh Lạng Sơn phối hợp với các sở, ngành liên quan tổ chức "
             "hội nghị trao đổi về hợp tác kinh tế, thương mại qua các cửa khẩu trên địa bàn tỉnh. "
             "Các đại biểu đã thảo luận về giải pháp nâng cao hiệu quả thông quan hàng hóa.")


def demo_bodies(lang: str) -> list[str]:
    """The bodies of the demo's news items in `lang` (links to other demo items unwrapped to
    their text), so that a synthetic portal carries what editors really write: headings,
    lists, tables, figures, several hundred words."""
    bodies = []
    for path in sorted((ROOT / "content" / "news").glob(f"*/*.{lang}.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        bodies.append(ITEM_LINK.sub(r"\1", body).strip())
    return bodies or demo_bodies("vi")


def use_code_of(checkout: Path, repo: Path) -> None:
    """Give the corpus `repo` the settings files and theme of `checkout`: they are the code's,
    and a revision's settings may name what only its own plugins have."""
    for name in SETTINGS_FILES:
        shutil.copy2(checkout / name, repo / name)
    shutil.rmtree(repo / "theme", ignore_errors=True)
    shutil.copytree(checkout / "theme", repo / "theme")


def make_corpus(target: Path, items: int, translated_every: int = 4) -> Path:
    """A portal repository with `items` news items; every n-th also in English and Chinese.
    Each body is one fixed paragraph (the one `bench compare` edits) and a demo item's body."""
    target.mkdir(parents=True, exist_ok=True)
    bodies = {lang: demo_bodies(lang) for lang in ("vi", "en", "zh")}
    use_code_of(ROOT, target)
    for folder in ("_config", "media"):  # the bodies show the demo's pictures
        shutil.copytree(ROOT / "content" / folder, target / "content" / folder,
                        dirs_exist_ok=True)
    for number in range(items):
        year = 2020 + number % 7
        folder = target / "content" / "news" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        languages = ("vi", "en", "zh") if number % translated_every == 0 else ("vi",)
        for lang in languages:
            (folder / f"ban-tin-so-{number}.{lang}.md").write_text(
                "---\n"
                f"title: Bản tin số {number} về hoạt động đối ngoại ({lang})\n"
                f"date: {year}-{1 + number % 12:02d}-{1 + number % 28:02d} 09:{number % 60:02d}\n"
                f"category: {CATEGORIES[number % len(CATEGORIES)]}\n"
                f"unit: {UNITS[number % len(UNITS)]}\n"
                "author: ha-minh-duc\n"
                f"summary: Tóm tắt bản tin về hoạt động đối ngoại của tỉnh Lạng Sơn ({lang}).\n"
                "tags: [hợp tác quốc tế, cửa khẩu]\n"
                "---\n\n" + PARAGRAPH + "\n\n" + bodies[lang][number % len(bodies[lang])] +
                f"\n\n({lang})\n",
                encoding="utf-8")
    return target


def _median_seconds(action: Callable[[], object], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def bench_check(files: int, repeats: int) -> None:
    """`portal check` over the whole tree, as a separate process (start-up included), against
    the floor of any check: reading every file and parsing its front matter, in one process."""
    with tempfile.TemporaryDirectory() as temporary:
        repo = make_corpus(Path(temporary) / "repo", round(files / 1.5))
        count = sum(1 for _ in (repo / "content").rglob("*.md"))
        command = [sys.executable, "-m", "workflow.cli", "--repo", str(repo), "check"]
        runs, floors = [], []
        for _ in range(repeats):  # paired: the floor right after each check
            runs += _median_seconds(lambda: subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL), 1)
            floors += _median_seconds(lambda: _read_and_parse(repo / "content"), 1)
    median, floor = statistics.median(runs), statistics.median(floors)
    print(f"portal check, {count} files, {repeats} paired runs")
    print(f"  median {median:.2f} s  runs {', '.join(f'{t:.2f}' for t in runs)}  "
          f"({count / median:,.0f} files/s)")
    print(f"  floor (read + parse front matter): median {floor:.2f} s  "
          f"runs {', '.join(f'{t:.2f}' for t in floors)}")
    print(f"  check / floor: {median / floor:.2f}")


def _read_and_parse(content: Path) -> None:
    from plugins.core import frontmatter  # noqa: PLC0415 - this benchmark only
    from plugins.core.parsecache import STORE  # noqa: PLC0415

    STORE.entries.clear()  # parse every text, as a check on a fresh machine does
    for path in sorted(content.rglob("*.md")):
        frontmatter.parse(frontmatter.read_text(path), path)


def bench_report(commits: int, repeats: int) -> None:
    """`portal report YEAR --format json` as a separate process over a synthetic server."""
    from workflow.reports.synthetic import make_history  # noqa: PLC0415 - this bench only

    with tempfile.TemporaryDirectory() as temporary:
        server = Path(temporary) / "server.git"
        submissions = make_history(server, ROOT / "content" / "_config", commits)
        count = _git(server, "rev-list", "--all", "--count").strip()
        command = [sys.executable, "-m", "workflow.cli", "--repo", str(server), "report",
                   "2026", "--format", "json", "--as-of", "2026-12-31"]
        runs = _median_seconds(lambda: subprocess.run(command, check=True,
                                                      stdout=subprocess.DEVNULL), repeats)
    print(f"portal report 2026 (a year), {count} commits ({submissions} submissions), "
          f"{repeats} runs")
    print(f"  median {statistics.median(runs):.2f} s  "
          f"runs {', '.join(f'{t:.2f}' for t in runs)}")


HOOK_STAGE = "duyet/truong-phong"  # the first stage of the demo chain
HOOK_AUTHOR, HOOK_APPROVER = "ha-minh-duc", "chu-van-tuan"  # author and head of their division
HOOK_ITEM = ("---\ntitle: Hợp tác biên giới\ndate: 2026-06-15 09:00\n"
             "category: doi-ngoai-trong-tinh\nunit: hop-tac-quoc-te\nauthor: ha-minh-duc\n"
             "summary: Lãnh đạo Sở tiếp đoàn công tác của tỉnh bạn.\n---\n\nNội dung.\n")


def _git(cwd: Path, *args: str, stdin: str | None = None) -> str:
    """A git call of the benchmark's own, free of GIT_* variables a caller may have set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env,
                          input=stdin, capture_output=True, text=True, check=True).stdout.strip()


def _signing_roster(text: str, person: str, public_key: str) -> str:
    """The demo roster with `person`'s key replaced by one generated here and every key valid
    2000 to 2199, since the hook judges with today's clock."""
    text = re.sub(rf"ssh-ed25519 \S+ {person}\n", f"{public_key}\n", text)
    text = re.sub(r"valid_from: \d{4}-\d\d-\d\d", "valid_from: 2000-01-01", text)
    return re.sub(r"valid_until: \d{4}-\d\d-\d\d", "valid_until: 2199-12-31", text)


def _hook_server(root: Path) -> tuple[Path, Path]:
    """A bare server with the demo configuration, main and the stage branches, the hooks
    installed by `portal server init`; and the private key of the approver."""
    from plugins.core.roster import load_workflow  # noqa: PLC0415 - this benchmark only

    private = root / "keys" / HOOK_APPROVER
    private.parent.mkdir(parents=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", HOOK_APPROVER, "-f",
                    str(private)], check=True)
    seed, server = root / "seed", root / "server.git"
    shutil.copytree(ROOT / "content" / "_config", seed / "content" / "_config")
    roster = seed / "content" / "_config" / "roster.yaml"
    roster.write_text(_signing_roster(roster.read_text(encoding="utf-8"), HOOK_APPROVER,
                                      private.with_suffix(".pub").read_text().strip()),
                      encoding="utf-8")
    _git(root, "init", "-q", "--bare", str(server))
    _git(root, "init", "-q", str(seed))
    _git(seed, "add", "-A")
    _git(seed, "-c", "user.name=Quản trị", "-c", "user.email=admin@langson.gov.vn",
         "commit", "-q", "-m", "Khởi tạo")
    for stage in load_workflow(seed / "content").stages:
        _git(seed, "push", "-q", str(server), f"HEAD:refs/heads/{stage.branch}")
    subprocess.run([sys.executable, "-m", "workflow.cli", "server", "init", str(server)],
                   check=True, stdout=subprocess.DEVNULL)
    return server, private


def _fast_import_range(server: Path, base: str, pairs: int) -> str:
    """`pairs` topics off `base`, each adding one file, and the chain of honest merges that
    brings them one by one into a stage: 2 × `pairs` commits, written by one fast-import."""
    person = f"Bench <bench@example.org> {int(time.time())} +0000"
    lines = []
    for number in range(pairs):
        path = f"M 100644 inline content/news/bench/ban-tin-{number}.vi.md"
        text = f"Bản tin số {number}\n"
        parent = f":{2 * number}" if number else base
        lines += [f"commit refs/bench/topic\nmark :{2 * number + 1}\ncommitter {person}",
                  f"data <<END\nTopic {number}\nEND\nfrom {base}\n{path}\ndata <<END\n{text}END",
                  f"commit refs/bench/stage\nmark :{2 * number + 2}\ncommitter {person}",
                  f"data <<END\nMerge {number}\nEND\nfrom {parent}\nmerge :{2 * number + 1}",
                  f"{path}\ndata <<END\n{text}END"]
    _git(server, "fast-import", "--quiet", stdin="\n".join(lines) + "\n")
    return _git(server, "rev-parse", "refs/bench/stage")


def _signed_approval(root: Path, server: Path, private: Path) -> str:
    """One honest approval: the author's topic pushed, the division head's signed merge made
    by `portal approve` without pushing, its objects on the server under a ref no rule
    judges."""
    from plugins.core.agency import load_agency  # noqa: PLC0415 - this benchmark only
    from workflow.approval.approve import approve  # noqa: PLC0415
    from workflow.gitcmd import Git  # noqa: PLC0415

    people = load_agency(ROOT / "content").people
    clones = {}
    for person in (HOOK_AUTHOR, HOOK_APPROVER):
        clones[person] = clone = root / person
        _git(root, "clone", "-q", str(server), str(clone))
        for name, value in (("user.name", people[person]["name"]),
                            ("user.email", people[person]["email"]), ("gpg.format", "ssh"),
                            ("user.signingKey", str(private))):
            _git(clone, "config", name, value)
    author = clones[HOOK_AUTHOR]
    item = author / "content" / "news" / "2026" / "hop-tac-bien-gioi.vi.md"
    item.parent.mkdir(parents=True)
    item.write_text(HOOK_ITEM, encoding="utf-8")
    _git(author, "add", "-A")
    _git(author, "commit", "-q", "-m", "Bài: hợp tác biên giới")
    _git(author, "push", "-q", "origin", "HEAD:refs/heads/bai/bench")
    merge = approve(Git(clones[HOOK_APPROVER]), "origin/bai/bench", push=False).merge
    _git(clones[HOOK_APPROVER], "push", "-q", "origin", f"{merge}:refs/bench/approval")
    return merge


def _run_pre_receive(server: Path, line: str) -> None:
    """The hook as git runs it: in the repository, one `old new ref` line on stdin."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    result = subprocess.run([sys.executable, "-m", "workflow.cli", "hook", "pre-receive"],
                            cwd=server, input=line, env={**env, "GIT_DIR": "."},
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the pre-receive hook refused the benchmark's push:\n{result.stderr}")


def bench_hook(commits: int, repeats: int) -> None:
    """The structural judge over a pushed range of `commits` commits (half topics, half
    approval merges, unsigned: signatures are not structural), and the whole pre-receive hook,
    start-up included, for a push of one signed approval."""
    from plugins.core.roster import load_workflow  # noqa: PLC0415 - this benchmark only
    from workflow.approval.structure import judge_update  # noqa: PLC0415
    from workflow.gitcmd import Git  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        server, private = _hook_server(root)
        git = Git(server)
        old = git.rev_parse(f"refs/heads/{HOOK_STAGE}")
        new = _fast_import_range(server, old, commits // 2)
        stages = [stage.branch for stage in load_workflow(ROOT / "content").stages_for(False)]
        ref = f"refs/heads/{HOOK_STAGE}"

        def structural() -> None:
            if judge_update(git, ref, old, new, stages):
                raise SystemExit("the structural judge refused the benchmark's honest range")

        structural_runs = _median_seconds(structural, repeats)
        line = f"{old} {_signed_approval(root, server, private)} {ref}\n"
        hook_runs = _median_seconds(lambda: _run_pre_receive(server, line), repeats)
    print(f"pre-receive hook, {repeats} runs each")
    for label, runs in ((f"structural judge, {commits // 2 * 2} commits", structural_runs),
                        ("whole hook, one signed approval", hook_runs)):
        print(f"  {label}: median {statistics.median(runs):.3f} s  "
              f"runs {', '.join(f'{t:.3f}' for t in runs)}")


def count(text: str) -> int:
    """A count on the command line: a whole number of at least one, since a benchmark of no
    item or no run has no median to print."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="portal check over a synthetic portal")
    check.add_argument("--files", type=count, default=13_000)
    check.add_argument("--repeats", type=count, default=5)
    hook = commands.add_parser("hook", help="the pre-receive hook on a pushed range")
    hook.add_argument("--commits", type=count, default=500)
    hook.add_argument("--repeats", type=count, default=5)
    intake = commands.add_parser("qa", help="the Q&A intake under concurrent submissions")
    intake.add_argument("--submissions", type=count, default=200)
    intake.add_argument("--clients", type=count, default=20)
    intake.add_argument("--workers", type=count, default=1)
    intake.add_argument("--postgresql", action="store_true",
                        help="store in a throwaway PostgreSQL server instead of SQLite")
    commands.add_parser("weight", help="bytes of an article and of a search, index size")
    report = commands.add_parser("report", help="a yearly report over a long history")
    report.add_argument("--commits", type=count, default=10_000)
    report.add_argument("--repeats", type=count, default=3)
    compare = commands.add_parser("compare", help="the build against vanilla Pelican and Hugo")
    compare.add_argument("--items", type=count, default=2000)
    compare.add_argument("--repeats", type=count, default=3)
    revisions = commands.add_parser("revisions", help="this checkout's build against an "
                                    "earlier revision's, change by change")
    revisions.add_argument("--against", required=True, help="a git revision, e.g. HEAD~3")
    revisions.add_argument("--items", type=count, default=2000)
    revisions.add_argument("--runs", type=count, default=8)
    revisions.add_argument("--change", choices=("edit", "add"), default="edit")
    floors = commands.add_parser("floors", help="the work no build of the site can skip, "
                                 "against the targets")
    floors.add_argument("--items", type=count, default=2000)
    floors.add_argument("--repeats", type=count, default=3)
    args = parser.parse_args()
    if args.command == "weight":
        from workflow.pageweight import run as weigh  # noqa: PLC0415 - needs Playwright

        weigh()
    elif args.command == "qa":
        from workflow.qa.loadtest import run  # noqa: PLC0415 - the service only when asked

        run(args.submissions, args.clients, args.workers, args.postgresql)
    elif args.command == "report":
        bench_report(args.commits, args.repeats)
    elif args.command == "compare":
        from workflow.benchcompare import run as compare_builds  # noqa: PLC0415 - Hugo, psutil

        compare_builds(args.items, args.repeats)
    elif args.command == "revisions":
        from workflow.benchrevisions import run as compare_revisions  # noqa: PLC0415

        compare_revisions(args.against, args.items, args.runs, args.change)
    elif args.command == "floors":
        from workflow.benchfloors import run as measure_floors  # noqa: PLC0415 - Pagefind

        measure_floors(args.items, args.repeats)
    elif args.command == "hook":
        bench_hook(args.commits, args.repeats)
    else:
        bench_check(args.files, args.repeats)


if __name__ == "__main__":
    main()
