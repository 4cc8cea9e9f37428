"""The royalty ledger of a period (003 Đ4.6, Đ12.2, Đ14.7): one line per person paid for an
item (its author, each approver, its uploader), with the item's grade and the amount the
rates of reports.yaml give; written as CSV and as the Excel workbook the Information Centre's
accountant opens.

Both files are made from the same lines in the same order, each written atomically, and the
workbook's dates are the period's, not the moment it was written, so the same period gives the
same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import write_bytes
from plugins.core.i18n import _

AUTHOR, APPROVER, UPLOADER = "author", "approver", "uploader"
AMOUNT_FORMAT = "#,##0"
CORE_PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(r'<dcterms:modified xsi:type="dcterms:W3CDTF">[^<]*')


@dataclass(frozen=True)
class LedgerLine:
    """One payment: who is paid, for which item, in which role, by its grade."""

    published: dt.date  # the day the item went live
    path: str  # content/<section>/<file>
    title: str
    grade: str
    role: str  # AUTHOR, APPROVER or UPLOADER
    person: str  # an id of agency.yaml
    name: str
    amount: int  # whole units of the currency


def _headers(currency: str) -> list[str]:
    return [_("published"), _("item"), _("title"), _("grade"), _("role"), _("person"),
            _("name"), _("amount ({currency})").format(currency=currency)]


def _role_name(role: str) -> str:
    return {AUTHOR: _("author"), APPROVER: _("approver"), UPLOADER: _("uploader")}[role]


def _row(line: LedgerLine) -> list[object]:
    return [line.published, line.path, line.title, line.grade, _role_name(line.role),
            line.person, line.name, line.amount]


def ledger_csv(lines: Sequence[LedgerLine], currency: str) -> bytes:
    """UTF-8 with a byte-order mark, so that a spreadsheet shows the Vietnamese letters."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_headers(currency))
    for line in lines:
        writer.writerow([value.isoformat() if isinstance(value, dt.date) else value
                         for value in _row(line)])
    writer.writerow([_("total"), "", "", "", "", "", "", sum(line.amount for line in lines)])
    return buffer.getvalue().encode("utf-8-sig")


def ledger_workbook(lines: Sequence[LedgerLine], currency: str, *, title: str,
                    made: dt.datetime) -> bytes:
    """One sheet: the header, a row per line, the total; amounts as numbers."""
    # openpyxl loads only for a workbook: the report's model, which every `portal` command
    # imports with the command table, needs the ledger's lines, not the spreadsheet.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on a sheet name
    sheet.append(_headers(currency))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(_row(line))
    sheet.append([_("total"), None, None, None, None, None, None,
                  sum(line.amount for line in lines)])
    sheet[sheet.max_row][0].font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        row[0].number_format = AMOUNT_FORMAT
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, min_col=1, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = made.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return _dated_zip(buffer.getvalue(), made)


def _dated_zip(data: bytes, made: dt.datetime) -> bytes:
    """The workbook (a zip) again, every member and the document's `modified` dated `made`:
    openpyxl dates both with the clock when it saves, so two runs a second apart differ."""
    stamp = made.timetuple()[:6]
    modified = f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{made:%Y-%m-%dT%H:%M:%S}Z"
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == CORE_PROPERTIES:
                content = MODIFIED.sub(modified, content.decode("utf-8")).encode("utf-8")
            dated = zipfile.ZipInfo(member.filename, date_time=stamp)
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = member.external_attr
            target.writestr(dated, content)
    return written.getvalue()


def write_ledger(lines: Sequence[LedgerLine], currency: str, *, csv_path: Path | None = None,
                 xlsx_path: Path | None = None, title: str = "", made: dt.datetime) -> None:
    """Write the ledger to the files asked for, each atomically."""
    if csv_path is not None:
        write_bytes(csv_path, ledger_csv(lines, currency))
    if xlsx_path is not None:
        write_bytes(xlsx_path, ledger_workbook(lines, currency, title=title, made=made))
