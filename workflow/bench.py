"""Benchmarks that print figures: `python -m workflow.bench build|check`.

Speed targets are checked here, by medians of repeated runs on synthetic portals, and quoted in
the README; tests never assert on time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workflow.build import build_site

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("doi-ngoai-trong-tinh", "chi-dao-dieu-hanh", "tuyen-truyen", "kien-thuc-doi-ngoai")
UNITS = ("hop-tac-quoc-te", "bien-gioi", "lanh-su", "trung-tam")
PARAGRAPH = ("Sáng nay, Sở Ngoại vụ tỉnh Lạng Sơn phối hợp với các sở, ngành liên quan tổ chức "
             "hội nghị trao đổi về hợp tác kinh tế, thương mại qua các cửa khẩu trên địa bàn tỉnh. "
             "Các đại biểu đã thảo luận về giải pháp nâng cao hiệu quả thông quan hàng hóa.")


def make_corpus(target: Path, items: int, translated_every: int = 4) -> Path:
    """A portal repository with `items` news items; every n-th also in English and Chinese."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "theme", target / "theme", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content" / "_config", target / "content" / "_config",
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
                "---\n\n" + "\n\n".join([PARAGRAPH] * 4) + f"\n\n({lang})\n",
                encoding="utf-8")
    return target


def _median_seconds(action: Callable[[], object], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def bench_build(items: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        repo = make_corpus(Path(temporary) / "repo", items)

        def cold() -> None:
            shutil.rmtree(repo / ".cache", ignore_errors=True)
            build_site(repo)

        cold_runs = _median_seconds(cold, repeats)
        warm_runs = _median_seconds(lambda: build_site(repo), repeats)
    cold_median, warm_median = statistics.median(cold_runs), statistics.median(warm_runs)
    print(f"build, {items} items (+ en/zh for every 4th), {repeats} runs each")
    print(f"  first build (empty cache): median {cold_median:.2f} s  "
          f"runs {', '.join(f'{t:.2f}' for t in cold_runs)}")
    print(f"  second build (no change):  median {warm_median:.2f} s  "
          f"runs {', '.join(f'{t:.2f}' for t in warm_runs)}")
    print(f"  second / first: {warm_median / cold_median:.2f} "
          f"({cold_median / warm_median:.1f}x faster)")


def bench_check(files: int, repeats: int) -> None:
    """`portal check` over the whole tree, as a separate process (start-up included)."""
    with tempfile.TemporaryDirectory() as temporary:
        repo = make_corpus(Path(temporary) / "repo", round(files / 1.5))
        count = sum(1 for _ in (repo / "content").rglob("*.md"))
        command = [sys.executable, "-m", "workflow.cli", "--repo", str(repo), "check"]
        runs = _median_seconds(lambda: subprocess.run(command, check=True,
                                                      stdout=subprocess.DEVNULL), repeats)
    median = statistics.median(runs)
    print(f"portal check, {count} files, {repeats} runs")
    print(f"  median {median:.2f} s  runs {', '.join(f'{t:.2f}' for t in runs)}  "
          f"({count / median:,.0f} files/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="first and second build of a synthetic portal")
    build.add_argument("--items", type=int, default=2000)
    build.add_argument("--repeats", type=int, default=3)
    check = commands.add_parser("check", help="portal check over a synthetic portal")
    check.add_argument("--files", type=int, default=10_000)
    check.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.command == "build":
        bench_build(args.items, args.repeats)
    else:
        bench_check(args.files, args.repeats)


if __name__ == "__main__":
    main()
