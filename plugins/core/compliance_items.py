"""What the site must publish, item by item: the content groups of Article 6 of the 2021
regulation (seed 003, Điều 6 khoản 1–9) and what Decree 42/2022/NĐ-CP adds, as plain data.

The compliance page (plugins/core/compliance.py) checks each requirement against the site the
build makes, so an inspector sees one line per duty and an editor sees what to fix. A line
names its clause as the regulation numbers it; Decree 42 is cited without a clause, since
shared/DOMAIN.md summarises it without one. `check` names a way of checking (a key of
`compliance.CHECKS`) and `args` its arguments: adding a duty is adding a line here, adding a way
of checking is adding a function there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.core.i18n import N_

DECREE_42 = "NĐ 42/2022/NĐ-CP"
# Pages of the introduction, by file name (stem): what Article 6.1 and Decree 42 name.
STRUCTURE, HISTORY, FUNCTIONS, CONTACT = ("co-cau-to-chuc", "lich-su", "chuc-nang-nhiem-vu",
                                          "lien-he")
# A leader's unit is their division, or the Department itself for the director and deputies,
# who have none in agency.yaml: the leadership page shows it either way.
LEADER_FIELDS = ("name", "position", "phone", "email")


@dataclass(frozen=True)
class Group:
    """A heading of the page: one clause of Article 6, or the further list of Decree 42."""

    id: str
    clause: str
    title: str  # N_-marked


@dataclass(frozen=True)
class Requirement:
    id: str
    group: str  # a Group id
    clause: str
    label: str  # N_-marked
    check: str  # a key of plugins.core.compliance.CHECKS
    args: Mapping[str, Any] = field(default_factory=dict)


GROUPS = (
    Group("d6-1", "003 Đ6.1", N_("General introduction of the Department")),
    Group("d6-2", "003 Đ6.2", N_("Public services")),
    Group("d6-3", "003 Đ6.3", N_("Legal documents")),
    Group("d6-4", "003 Đ6.4", N_("Propaganda and law dissemination")),
    Group("d6-5", "003 Đ6.5", N_("Direction and administration")),
    Group("d6-6", "003 Đ6.6", N_("Foreign-affairs news of the province")),
    Group("d6-7", "003 Đ6.7", N_("Foreign-affairs knowledge")),
    Group("d6-8", "003 Đ6.8", N_("Questions and answers")),
    Group("d6-9", "003 Đ6.9", N_("Documents sent to the website when issued")),
    Group("nd-42", DECREE_42, N_("Further requirements of Decree 42/2022/NĐ-CP")),
)

_D62 = f"003 Đ6.2; {DECREE_42}"


def _document_field(key: str, label: str) -> Requirement:
    """Decree 42 asks every document of the register for this field; drafts for comment have
    no number or issue date yet and are not counted."""
    return Requirement(f"van-ban-{key.replace('_', '-')}", "nd-42", DECREE_42, label, "every",
                       {"section": "documents", "field": key, "issued_only": True})


REQUIREMENTS = (
    # 003 Đ6.1: the introduction
    Requirement("co-cau-to-chuc", "d6-1", "003 Đ6.1", N_("Organisation structure"), "pages",
                {"stems": (STRUCTURE,)}),
    Requirement("qua-trinh-phat-trien", "d6-1", "003 Đ6.1",
                N_("History, achievements and future direction"), "pages", {"stems": (HISTORY,)}),
    Requirement("chuc-nang-nhiem-vu", "d6-1", "003 Đ6.1", N_("Functions and duties"), "pages",
                {"stems": (FUNCTIONS,)}),
    Requirement("lien-he-lanh-dao", "d6-1", f"003 Đ6.1; {DECREE_42}",
                N_("Contacts of each leader: full name, position, unit, office phone, official "
                   "e-mail"), "leaders", {"fields": LEADER_FIELDS}),
    # 003 Đ6.2: public services
    Requirement("thu-tuc-hanh-chinh", "d6-2", _D62, N_("Administrative procedures"), "section",
                {"section": "procedures"}),
    Requirement("quyet-dinh-cong-bo-tthc", "d6-2", "003 Đ6.2",
                N_("The decision announcing each procedure"), "every",
                {"section": "procedures", "field": "announced_by"}),
    Requirement("tthc-nguoi-chiu-trach-nhiem", "d6-2", _D62,
                N_("Responsible unit and person at each step of each procedure"),
                "steps", {"section": "procedures", "field": "steps"}),
    Requirement("tthc-thoi-han", "d6-2", _D62, N_("Time limit of each procedure"),
                "some_entry_each", {"section": "procedures", "field": "channels",
                                    "keys": ("days",)}),
    Requirement("bieu-mau", "d6-2", "003 Đ6.2", N_("Catalogue of forms"), "some_record",
                {"section": "procedures", "field": "dossier", "key": "form", "link": "forms"}),
    Requirement("giao-dich-truc-tuyen", "d6-2", "003 Đ6.2",
                N_("Guidance for doing procedures online"), "some_record",
                {"section": "procedures", "field": "channels", "key": "url",
                 "match": {"kind": "online"}}),
    Requirement("lich-lam-viec-lanh-dao", "d6-2", _D62, N_("Work schedule of the leaders"),
                "section", {"section": "schedules", "field": "kind", "values": ("work",)}),
    Requirement("lich-tiep-cong-dan", "d6-2", _D62, N_("Citizen reception schedule"), "section",
                {"section": "schedules", "field": "kind", "values": ("reception",)}),
    Requirement("duong-day-nong", "d6-2", _D62, N_("Hotline"), "contact", {"key": "hotline"}),
    Requirement("thong-bao", "d6-2", _D62, N_("Announcements of the Department"), "section",
                {"section": "announcements"}),
    Requirement("dau-tu-dau-thau-mua-sam", "d6-2", _D62,
                N_("Investment, bidding and public procurement items"), "section",
                {"section": "announcements", "field": "kind",
                 "values": ("procurement", "project")}),
    # 003 Đ6.3 to Đ6.7: the content groups
    Requirement("van-ban-phap-luat", "d6-3", "003 Đ6.3",
                N_("Party, State, ministry and province documents on foreign affairs"),
                "category", {"category": "van-ban-phap-luat"}),
    Requirement("tuyen-truyen", "d6-4", "003 Đ6.4",
                N_("Propaganda, law dissemination and guidance"), "category",
                {"category": "tuyen-truyen"}),
    Requirement("chi-dao-dieu-hanh", "d6-5", "003 Đ6.5",
                N_("Plans, programmes and direction documents of the Department"), "category",
                {"category": "chi-dao-dieu-hanh"}),
    Requirement("gop-y-du-thao", "d6-5", f"003 Đ6.5; {DECREE_42}",
                N_("Public comment on draft documents"), "section",
                {"section": "documents", "field": "consultation_opens"}),
    Requirement("doi-ngoai-trong-tinh", "d6-6", "003 Đ6.6",
                N_("Foreign-affairs activities in the province"), "category",
                {"category": "doi-ngoai-trong-tinh"}),
    Requirement("tin-tuc-su-kien", "d6-6", "003 Đ6.6", N_("News and events"), "section",
                {"section": "news"}),
    Requirement("kien-thuc-doi-ngoai", "d6-7", "003 Đ6.7",
                N_("Foreign-affairs knowledge, at home and abroad"), "category",
                {"category": "kien-thuc-doi-ngoai"}),
    # 003 Đ6.8 (and the Q&A of Đ6.2)
    Requirement("hoi-dap", "d6-8", f"003 Đ6.2, Đ6.8; {DECREE_42}",
                N_("Questions and answers"), "section", {"section": "questions"}),
    # 003 Đ6.9: what the Department issues reaches the website
    Requirement("van-ban-cua-so", "d6-9", "003 Đ6.9",
                N_("Documents the Department issues, in the documents register"), "section",
                {"section": "documents", "field": "issuer_unit"}),
    # Decree 42/2022/NĐ-CP
    _document_field("doc_type", N_("Type of each document")),
    _document_field("issuer", N_("Issuing body of each document")),
    _document_field("number", N_("Number and symbol of each document")),
    _document_field("issued", N_("Date of issue of each document")),
    _document_field("effective", N_("Effective date of each document")),
    _document_field("summary", N_("Summary (trích yếu) of each document")),
    _document_field("file", N_("Downloadable file of each document")),
    Requirement("tim-kiem", "nd-42", DECREE_42, N_("Full-text search"), "search"),
    Requirement("in-luu-bai-viet", "nd-42", DECREE_42, N_("Print or save each article"),
                "print"),
    Requirement("lien-ket-co-quan", "nd-42", DECREE_42, N_("Links to related agencies"),
                "related_links"),
    Requirement("ban-tieng-anh", "nd-42", DECREE_42,
                N_("English version of the structure, functions and contacts"), "pages",
                {"stems": (STRUCTURE, FUNCTIONS, CONTACT), "lang": "en"}),
)
