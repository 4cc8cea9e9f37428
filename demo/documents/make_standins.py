"""Write the stand-in PDFs of the demo's legal-documents register.

Every document of content/documents/ names a downloadable file in its front matter (`file:`).
In the demo that file is a stand-in, not the document itself: one A4 page that says on its
face, in Vietnamese and English, that it is a stand-in, then the type, number, date of issue,
issuer and summary (trích yếu) read from the document's Vietnamese front matter, and where
the original can be looked up. It carries no emblem, no letterhead and no signature, so that
nobody can take it for a copy of the real document.

How to run it (from the repository root). fpdf2 is not a dependency of the project: install
it outside the project, in a folder of its own, and put that folder on PYTHONPATH:

    .venv/bin/pip install --target /tmp/fpdf2lib fpdf2
    PYTHONPATH=/tmp/fpdf2lib .venv/bin/python demo/documents/make_standins.py

Options:

    make_standins.py [STEM ...]      only these documents (file names without .vi.md)
    make_standins.py --content DIR   the content folder (default: content/)
    make_standins.py --force         rewrite a PDF even when the file is not one of ours

Without --force, an existing file is replaced only when it is a stand-in written by this
script (its metadata say so) or one of the demo's earlier placeholder files; any other PDF
is left alone and reported, so a real document put in place of a stand-in is never lost.
The output is reproducible: the same front matter gives the same bytes.

Font: DejaVu Sans (/usr/share/fonts/truetype/dejavu/), which covers Vietnamese; fpdf2 embeds
only the glyphs used, so each page stays well under 40 KB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

try:
    from fpdf import FPDF
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("fpdf2 is missing: .venv/bin/pip install --target /tmp/fpdf2lib fpdf2, then run "
             "with PYTHONPATH=/tmp/fpdf2lib (see the top of this file)")

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CREATOR = "demo/documents/make_standins.py"
BANNER_VI = "BẢN MINH HỌA – KHÔNG PHẢI VĂN BẢN GỐC"
BANNER_EN = "Stand-in for the demo, not the original document"
LOOKUP = "Văn bản gốc: tra cứu tại Cơ sở dữ liệu quốc gia về văn bản pháp luật (vbpl.vn)"
LOOKUP_EN = "Original: look it up in the National Database of Legal Documents (vbpl.vn)"
# Documents the demo invented (the agency's own and the provincial decision): the page says so,
# since no original of them exists anywhere.
FICTIONAL_NOTE = ("Văn bản giả định của bản demo: không có văn bản gốc. / "
                  "A fictional document of the demo: no original exists.")
FICTIONAL_STEMS = {"qd-25-2026-ubnd-quy-che-quan-ly-doi-ngoai"}
RED = (176, 0, 32)
GREY = (90, 90, 90)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ValueError(f"{path}: no front matter")
    _, block, _ = text.split("---", 2)
    data = yaml.safe_load(block) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: front matter is not a mapping")
    return data


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return dt.date.fromisoformat(value.strip()[:10])
    return None


def vn_date(value) -> str:
    day = as_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def type_titles(content: Path) -> dict[str, str]:
    agency = yaml.safe_load((content / "_config" / "agency.yaml").read_text(encoding="utf-8"))
    types = agency.get("document_types") or {}
    return {code: (entry.get("title") or {}).get("vi", code) for code, entry in types.items()}


class StandIn(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=22)

    def header(self) -> None:
        # On every page: a diagonal watermark and the banner box at the top.
        self.set_font("DejaVu", "B", 40)
        self.set_text_color(235, 235, 235)
        with self.rotation(35, x=self.w / 2, y=self.h / 2):
            self.text(self.w / 2 - 78, self.h / 2 + 6, "BẢN MINH HỌA")
        self.set_draw_color(*RED)
        self.set_line_width(1.2)
        top = self.get_y()
        self.set_text_color(*RED)
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(0, 9, BANNER_VI, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "B", 12)
        self.multi_cell(0, 7, BANNER_EN, align="C", new_x="LMARGIN", new_y="NEXT")
        bottom = self.get_y() + 2
        self.rect(self.l_margin - 2, top - 3, self.epw + 4, bottom - top + 3)
        self.set_y(bottom + 6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*RED)
        self.cell(0, 5, f"{BANNER_VI} / {BANNER_EN}", align="C")

    def field(self, label_vi: str, label_en: str, value: str) -> None:
        if not value:
            return
        self.set_font("DejaVu", "B", 10)
        self.set_text_color(*GREY)
        self.multi_cell(0, 5.5, f"{label_vi} / {label_en}", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 12)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, 6.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)


def render(meta: dict, stem: str, titles: dict[str, str]) -> bytes:
    pdf = StandIn()
    number = str(meta.get("number", ""))
    pdf.set_title(f"{BANNER_VI}: {number}")
    pdf.set_subject(f"{BANNER_EN}: {number}")
    pdf.set_creator(CREATOR)
    pdf.set_producer("fpdf2")
    pdf.set_keywords("stand-in; bản minh họa; demo")
    posted = as_date(meta.get("date")) or as_date(meta.get("issued")) or dt.date(2026, 1, 1)
    pdf.set_creation_date(dt.datetime(posted.year, posted.month, posted.day,
                                      tzinfo=dt.UTC))
    pdf.add_page()
    code = str(meta.get("doc_type", ""))
    pdf.field("Loại văn bản", "Type", titles.get(code, code))
    pdf.field("Số, ký hiệu", "Number", number)
    pdf.field("Ngày ban hành", "Date of issue", vn_date(meta.get("issued")))
    pdf.field("Ngày có hiệu lực", "Effective from", vn_date(meta.get("effective")))
    pdf.field("Cơ quan ban hành", "Issuer", str(meta.get("issuer", "")))
    pdf.field("Trích yếu", "Summary", " ".join(str(meta.get("summary", "")).split()))
    pdf.ln(4)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, LOOKUP, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5.5, LOOKUP_EN, align="L", new_x="LMARGIN", new_y="NEXT")
    if meta.get("issuer_unit") or stem in FICTIONAL_STEMS:
        pdf.ln(3)
        pdf.set_text_color(*RED)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5.5, FICTIONAL_NOTE, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def replaceable(path: Path) -> bool:
    """A file this script may overwrite: absent, one of its own stand-ins, or one of the
    demo's earlier placeholders (small PDFs that do not say who made them)."""
    if not path.exists():
        return True
    head = path.read_bytes()
    return CREATOR.encode() in head or (head.startswith(b"%PDF") and len(head) < 8000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stems", nargs="*", help="only these documents")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    content: Path = args.content
    titles = type_titles(content)
    sources = sorted((content / "documents").glob("*.vi.md"))
    wanted = set(args.stems)
    written = skipped = 0
    for source in sources:
        stem = source.name[: -len(".vi.md")]
        if wanted and stem not in wanted:
            continue
        meta = front_matter(source)
        target_name = str(meta.get("file", ""))
        if not target_name.startswith("media/") or not target_name.endswith(".pdf"):
            print(f"skip {stem}: file is not media/<year>/<name>.pdf ({target_name!r})")
            skipped += 1
            continue
        target = content / target_name
        if not args.force and not replaceable(target):
            print(f"keep {target}: not a stand-in of this script (use --force to replace)")
            skipped += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = render(meta, stem, titles)
        target.write_bytes(data)
        print(f"wrote {target} ({len(data) // 1024} KB)")
        written += 1
    missing = wanted - {s.name[: -len(".vi.md")] for s in sources}
    for stem in sorted(missing):
        print(f"no document {stem}", file=sys.stderr)
    print(f"{written} written, {skipped} skipped")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
