"""SVG pictures are published on the site's own origin, so one that can run code or fetch
something is refused: by `portal check` (the file itself, and every item that shows it) and by
the build, which does not copy it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.checks.svg import SVG_MAX_BYTES, svg_problems
from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.build import build_site
from workflow.cli import main

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
HARMLESS = (f'{SVG}\n<title>Sơ đồ</title>\n<defs><linearGradient id="g"/>'
            '<g id="o"><rect width="4" height="4"/></g></defs>\n'
            '<style>.a{fill:url(#g);font-family:"Noto Sans"}</style>\n'
            '<use xlink:href="#o" transform="translate(2,2)"/>\n'
            '<rect style="fill: url( \'#g\' )" width="8" height="8"/>\n'
            '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>\n'
            '<a href="#o"><text>Sở Ngoại vụ</text></a>\n</svg>\n')
HOSTILE = {
    "script": (f"{SVG}\n<rect/>\n<script>alert(document.cookie)</script>\n</svg>", 3),
    "onload": (f'{SVG}\n<rect width="8"\n onload="alert(1)"/>\n</svg>', 2),  # the element
    "foreign-object": (f'{SVG}\n<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
                       "x</div></foreignObject>\n</svg>", 2),
    "external-href": (f'{SVG}\n\n<image xlink:href="https://evil.example/a.png"/>\n</svg>', 3),
    "javascript-link": (f'{SVG}\n<a href="javascript:alert(1)"><text>x</text></a></svg>', 2),
    "use-other-file": (f'{SVG}\n<use href="/media/2026/khac.svg#o"/></svg>', 2),
    "doctype-entity": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "xx">]>\n'
                       f"{SVG}<text>&x;</text></svg>", 2),
    "style-url": (f"{SVG}\n<style>\n.a{{fill:url(https://evil.example/x.svg#g)}}\n</style>"
                  "</svg>", 2),
    "style-attribute-import": (f'{SVG}\n<rect style="background:u\\72l(//evil.example)"/>'
                               "</svg>", 2),
    "style-import": (f'{SVG}<style>@import "https://evil.example/a.css";</style></svg>', 1),
    "animate-href": (f'{SVG}<a href="#o">\n<set attributeName="xlink:href" '
                     'to="javascript:alert(1)"/></a></svg>', 2),
    "prefixed-script": (f'{SVG}\n<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)'
                        "</h:script></svg>", 2),
    "stylesheet-instruction": ('<?xml-stylesheet href="https://evil.example/a.css"?>\n'
                               f"{SVG}</svg>", 1),
    "svg-in-data-url": (f'{SVG}\n<image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>', 2),
    "not-xml": (f"{SVG}\n<rect>\n</svg>", 3),
    "not-svg": ('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 1),
}


def _media(repo: Path, name: str, text: str) -> Path:
    path = repo / "content" / "media" / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _check(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--repo", str(repo), "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_check_refuses_an_unsafe_svg_at_its_line(tmp_path: Path, capsys, case: str) -> None:
    text, line = HOSTILE[case]
    repo = make_repo(tmp_path / "repo")
    _media(repo, "hinh.svg", text)
    status, out = _check(repo, capsys)
    assert status == 1 and f"content/media/2026/hinh.svg:{line}: error [unsafe-svg]" in out


def test_a_harmless_svg_passes(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    _media(repo, "so-do.svg", HARMLESS)
    write_item(repo, "news/2026/so-do.vi.md", GOOD_NEWS, "![Sơ đồ]({static}/media/2026/so-do.svg)")
    status, out = _check(repo, capsys)
    assert status == 0 and "content/" not in out


def test_the_demo_pictures_pass() -> None:
    pictures = sorted((Path(__file__).parent.parent / "content" / "media").rglob("*.svg"))
    assert pictures and {str(p): svg_problems(p) for p in pictures if svg_problems(p)} == {}


def test_an_item_showing_an_unsafe_svg_is_refused_too(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    _media(repo, "hinh.svg", HOSTILE["script"][0])
    write_item(repo, "news/2026/co-hinh.vi.md",
               GOOD_NEWS + "    image: media/2026/hinh.svg\n    image_alt: Hình\n",
               "![Hình](/media/2026/hinh.svg)")
    status, out = _check(repo, capsys)
    assert status == 1
    assert "content/news/2026/co-hinh.vi.md:8: error [unsafe-svg]" in out
    assert "content/news/2026/co-hinh.vi.md:12: error [unsafe-svg]" in out
    assert "hinh.svg" in out


def test_lines_and_messages_for_the_build(tmp_path: Path) -> None:
    path = tmp_path / "hinh.svg"
    path.write_text(HOSTILE["onload"][0], encoding="utf-8")
    problems = svg_problems(path)
    assert [line for line, _message in problems] == [2] and "onload" in problems[0][1]
    path.write_text(HARMLESS, encoding="utf-8")
    assert svg_problems(path) == []


def test_an_oversize_or_missing_svg_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lon.svg"
    path.write_text(SVG + " " * SVG_MAX_BYTES + "</svg>", encoding="utf-8")
    assert [line for line, _message in svg_problems(path)] == [0]
    assert [line for line, _message in svg_problems(tmp_path / "khong-co.svg")] == [0]


def test_a_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{n} "&l{n - 1};&l{n - 1};&l{n - 1};&l{n - 1};">'
                       for n in range(1, 12))
    path = tmp_path / "cuoi.svg"
    path.write_text(f'<!DOCTYPE svg [<!ENTITY l0 "ha">{entities}]>\n{SVG}<text>&l11;</text>'
                    "</svg>", encoding="utf-8")
    assert len(svg_problems(path)) == 1


def test_the_build_does_not_copy_an_unsafe_svg(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _media(repo, "hinh.svg", HOSTILE["script"][0])
    _media(repo, "so-do.svg", HARMLESS)
    write_item(repo, "news/2026/tin.vi.md", GOOD_NEWS, "![Sơ đồ]({static}/media/2026/so-do.svg)")
    report = build_site(repo)
    assert (report.output / "media" / "2026" / "so-do.svg").exists()
    assert not (report.output / "media" / "2026" / "hinh.svg").exists()
