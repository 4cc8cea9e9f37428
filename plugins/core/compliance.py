"""The compliance page's verdicts: is each duty of plugins/core/compliance_items.py met by the
site this build makes, and where; how each deadline rule of 003 Đ9 stands.

An inspector reads the page and an editor fixes what is red, so a verdict comes from the site
itself (the items the build publishes and lists, agency.yaml, the translation index, the pages
the build wrote), never from a declaration, and a missing item says why in words an editor can
act on, naming the files to edit. The build hands over plain facts (`SiteFacts`): no Pelican
here, so the checks are tested without building. Messages come out in the current message
language (plugins/core/i18n.py); the build sets it to its run's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plugins.core.agency import AGENCY_FILE, Agency
from plugins.core.compliance_items import GROUPS, REQUIREMENTS, Group, Requirement
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.deadlines import DeadlineTable, Rule, Status
from plugins.core.documents import is_draft
from plugins.core.i18n import _, ngettext
from plugins.core.index import ContentIndex
from plugins.core.urls import home_path, item_path, section_path, taxonomy_path

PAGES = "pages"
LEADERSHIP_LAYOUT = "leadership"
# The print control of an item page (theme/templates/partials/item_tools.html).
PRINT_ATTRIBUTE = "data-print"
_PRINT_CONTROL = re.compile(rf"\s{PRINT_ATTRIBUTE}(?=[\s=/>])")
# The statuses a rule's clocks are counted by; stale translations belong to no rule.
COUNTED = (Status.MET, Status.LATE, Status.OPEN, Status.OVERDUE)


@dataclass(frozen=True)
class LiveItem:
    """An item the build publishes and lists in the run's language (neither a draft, nor
    scheduled for later, nor withdrawn), with its converted front-matter values."""

    section: str
    stem: str
    title: str
    category: str
    source: str  # content/<path>: the file an editor opens
    values: Mapping[str, Any]


@dataclass(frozen=True)
class SiteFacts:
    """What the build knows about the site it is making, in one language run."""

    agency: Agency
    index: ContentIndex
    moment: dt.datetime  # what is public (plugins/portal_site/settings.py: build_moment)
    lang: str
    items: Sequence[LiveItem]
    addresses: Mapping[str, str]  # pages this build wrote by a name ("forms", "search")
    print_control: bool  # the article template shows the print/save control

    def live(self, section: str) -> list[LiveItem]:
        return [item for item in self.items if item.section == section]

    def published(self, section: str, stem: str, lang: str) -> bool:
        """Whether that version is public and listed: the run's own language from the items
        the build read, the others from the index (their pages come from other runs)."""
        if lang == self.lang:
            return any(item.section == section and item.stem == stem for item in self.items)
        return (self.index.is_live(section, stem, lang, self.moment)
                and self.index.withdrawn_on(section, stem, lang) is None)

    def section_title(self, section: str) -> str:
        return self.agency.text(self.agency.sections[section].title, self.lang)

    def item_path(self, item: LiveItem) -> str:
        return item_path(self.agency, item.section, item.stem, self.lang)


@dataclass(frozen=True)
class Offender:
    """An item that keeps a duty from being met, and the file that fixes it."""

    title: str
    path: str | None  # its page on the site, when it has one
    source: str
    detail: str = ""  # what it lacks, when the verdict's reason does not say


@dataclass(frozen=True)
class Verdict:
    present: bool
    path: str | None  # where the duty is met on the site (or should be), relative to the root
    method: str  # how it was checked, in words
    reason: str = ""  # why it is missing
    offenders: tuple[Offender, ...] = ()


@dataclass(frozen=True)
class Outcome:
    requirement: Requirement
    label: str
    verdict: Verdict


@dataclass(frozen=True)
class GroupOutcome:
    group: Group
    title: str
    outcomes: list[Outcome]


@dataclass(frozen=True)
class RuleTally:
    """How the clocks of one deadline rule stand: met on time, met late, open, overdue."""

    rule: Rule
    title: str
    counts: Mapping[Status, int]


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], (), {})


def _names(keys: Iterable[str]) -> str:
    return ", ".join(f"'{key}'" for key in keys)


def _no_item_in_section(facts: SiteFacts, section: str) -> str:
    return _("No published item in '{section}'.").format(section=facts.section_title(section))


# -- the ways of checking (`check` of a requirement) ---------------------------------------

def _category(facts: SiteFacts, category: str) -> Verdict:
    title = facts.agency.category_title(category, facts.lang)
    present = any(item.category == category for item in facts.items)
    return Verdict(
        present, taxonomy_path(facts.agency, "category", category, facts.lang),
        _("At least one published item in the content group '{group}' (category: {id}).")
        .format(group=title, id=category),
        "" if present else _("No published item in the content group '{group}'.").format(
            group=title))


def _section(facts: SiteFacts, section: str, field: str | None = None,
             values: Sequence[str] = ()) -> Verdict:
    items = facts.live(section)
    name = facts.section_title(section)
    if field is None:
        method = _("At least one published item in '{section}'.").format(section=name)
    elif values:
        items = [item for item in items if item.values.get(field) in values]
        method = _("At least one published item in '{section}' whose '{field}' is {values}.") \
            .format(section=name, field=field, values=" / ".join(values))
    else:
        items = [item for item in items if _filled(item.values.get(field))]
        method = _("At least one published item in '{section}' that has '{field}'.").format(
            section=name, field=field)
    if items:
        reason = ""
    elif field is None:
        reason = _no_item_in_section(facts, section)
    else:
        reason = _("None found among the published items of '{section}'.").format(section=name)
    return Verdict(bool(items), section_path(facts.agency, section, facts.lang), method, reason)


def _pages(facts: SiteFacts, stems: Sequence[str], lang: str | None = None) -> Verdict:
    lang = lang or facts.lang
    language = facts.agency.languages[lang].name
    found = [stem for stem in stems if facts.published(PAGES, stem, lang)]
    missing = [stem for stem in stems if stem not in found]

    def files(chosen: Iterable[str]) -> str:
        return ", ".join(f"content/{PAGES}/{stem}.{lang}.md" for stem in chosen)

    method = ngettext("The page {files} is published ({language}).",
                      "The pages {files} are published ({language}).", len(stems)).format(
        files=files(stems), language=language)
    reason = "" if not missing else _("Not published in {language}: {files}.").format(
        language=language, files=files(missing))
    path = item_path(facts.agency, PAGES, found[0], lang) if found else None
    return Verdict(not missing, path, method, reason)


def _leaders(facts: SiteFacts, fields: Sequence[str]) -> Verdict:
    leaders = facts.agency.leaders()
    page = next((item for item in facts.live(PAGES)
                 if item.values.get("layout") == LEADERSHIP_LAYOUT), None)
    offenders = tuple(
        Offender(str(person.get("name") or person["id"]), None,
                 f"content/{CONFIG_DIR}/{AGENCY_FILE}", _("people: {id}: missing {fields}").format(
                     id=person["id"], fields=_names(key for key in fields
                                                    if not _filled(person.get(key)))))
        for person in leaders if not all(_filled(person.get(key)) for key in fields))
    reasons = []
    if not leaders:
        reasons.append(_("No person of agency.yaml is marked 'leader: true'."))
    if offenders:
        reasons.append(ngettext("{count} leader lacks a contact detail in agency.yaml.",
                                "{count} leaders lack contact details in agency.yaml.",
                                len(offenders)).format(count=len(offenders)))
    if page is None:
        reasons.append(_("No published page has 'layout: {layout}'.").format(
            layout=LEADERSHIP_LAYOUT))
    return Verdict(
        not reasons, facts.item_path(page) if page else None,
        _("Every leader of agency.yaml has {fields}, and a published page with 'layout: "
          "{layout}' lists them.").format(fields=_names(fields), layout=LEADERSHIP_LAYOUT),
        " ".join(reasons), offenders)


def _every(facts: SiteFacts, section: str, field: str, issued_only: bool = False) -> Verdict:
    items = facts.live(section)
    name = facts.section_title(section)
    if issued_only:
        items = [item for item in items if not is_draft(item.values)]
        method = _("Every published document in '{section}', drafts for comment aside, has "
                   "'{field}'.").format(section=name, field=field)
    else:
        method = _("Every published item in '{section}' has '{field}'.").format(
            section=name, field=field)
    lacking = [(item, "") for item in items if not _filled(item.values.get(field))]
    return _tally(facts, section, items, lacking, method=method, reason=ngettext(
        "{count} of {total} item has no '{field}'.", "{count} of {total} items have no "
        "'{field}'.", len(lacking)).format(count=len(lacking), total=len(items), field=field))


def _some_entry_each(facts: SiteFacts, section: str, field: str, keys: Sequence[str]) -> Verdict:
    """Every item has at least one entry of the list with the keys (a procedure's time limit:
    some channel with its working days)."""
    items = facts.live(section)

    def has_entry(item: LiveItem) -> bool:
        return any(isinstance(record, Mapping) and all(_filled(record.get(key)) for key in keys)
                   for record in item.values.get(field) or [])

    lacking = [(item, "") for item in items if not has_entry(item)]
    return _tally(
        facts, section, items, lacking,
        method=_("Every published item of '{section}' has an entry of '{field}' with {keys}.")
        .format(section=facts.section_title(section), field=field, keys=_names(keys)),
        reason=ngettext("{count} of {total} item has no entry of '{field}' with {keys}.",
                        "{count} of {total} items have no entry of '{field}' with {keys}.",
                        len(lacking)).format(count=len(lacking), total=len(items), field=field,
                                             keys=_names(keys)))


def _steps(facts: SiteFacts, section: str, field: str) -> Verdict:
    """The person responsible at each step the Department does. Such a step names its unit or
    its person (a person's unit is theirs in agency.yaml; a leader's is the Department itself);
    a step of the applicant or of another agency names neither. A procedure whose steps name
    nobody at all says no one is responsible, and counts as lacking too."""
    items = facts.live(section)
    lacking = []
    for item in items:
        steps = [step for step in item.values.get(field) or [] if isinstance(step, Mapping)]
        unnamed = [str(number) for number, step in enumerate(steps, 1)
                   if _filled(step.get("unit")) and not _filled(step.get("person"))]
        if unnamed:
            lacking.append((item, _("steps without 'person': {steps}").format(
                steps=", ".join(unnamed))))
        elif not any(_filled(step.get("person")) for step in steps):
            lacking.append((item, _("no step names a 'person'")))
    return _tally(
        facts, section, items, lacking,
        method=_("In every published item of '{section}', each step that names a 'unit' also "
                 "names the responsible 'person', and at least one step names one (steps of "
                 "the applicant or of another agency name neither).").format(
            section=facts.section_title(section)),
        reason=ngettext("{count} of {total} item has a step of the Department without a "
                        "responsible person.", "{count} of {total} items have steps of the "
                        "Department without a responsible person.", len(lacking)).format(
            count=len(lacking), total=len(items)))


def _tally(facts: SiteFacts, section: str, items: list[LiveItem],
           lacking: list[tuple[LiveItem, str]], *, method: str, reason: str) -> Verdict:
    """A duty every item owes: met when there are items and none lacks it. `lacking` pairs
    each item that lacks it with what it lacks, when the reason does not say."""
    if not items:
        reason = _no_item_in_section(facts, section)
    return Verdict(bool(items) and not lacking, section_path(facts.agency, section, facts.lang),
                   method, "" if items and not lacking else reason,
                   tuple(Offender(item.title, facts.item_path(item), item.source, detail)
                         for item, detail in lacking))


def _some_record(facts: SiteFacts, section: str, field: str, key: str, *,
                 match: Mapping[str, str] | None = None, link: str | None = None) -> Verdict:
    match = match or {}

    def fits(record: Any) -> bool:
        return isinstance(record, Mapping) and _filled(record.get(key)) and all(
            record.get(name) == value for name, value in match.items())

    present = any(fits(record) for item in facts.live(section)
                  for record in item.values.get(field) or [])
    wanted = ", ".join([f"'{key}'", *(f"'{name}': {value}" for name, value in match.items())])
    name = facts.section_title(section)
    path = facts.addresses.get(link) if link else section_path(facts.agency, section, facts.lang)
    return Verdict(
        present, path,
        _("At least one published item of '{section}' has an entry of '{field}' with "
          "{wanted}.").format(section=name, field=field, wanted=wanted),
        "" if present else _("None found among the published items of '{section}'.").format(
            section=name))


def _contact(facts: SiteFacts, key: str) -> Verdict:
    present = _filled(facts.agency.contact.get(key))
    return Verdict(
        present, home_path(facts.agency, facts.lang),
        _("agency.yaml gives '{key}' in its contact block, which every page's footer shows.")
        .format(key=key),
        "" if present else _("agency.yaml has no '{key}' in its contact block.").format(key=key))


def _related_links(facts: SiteFacts) -> Verdict:
    count = len(facts.agency.related_links)
    return Verdict(
        count > 0, home_path(facts.agency, facts.lang),
        _("agency.yaml lists related agencies under 'related_links', which every page's footer "
          "links to."),
        "" if count else _("agency.yaml has no 'related_links'."))


def _search(facts: SiteFacts) -> Verdict:
    path = facts.addresses.get("search")
    return Verdict(path is not None, path, _("The build wrote the search page."),
                   "" if path else _("This build wrote no search page."))


def _print(facts: SiteFacts) -> Verdict:
    example = next((item for item in facts.items if item.section != PAGES), None)
    return Verdict(
        facts.print_control, facts.item_path(example) if example else None,
        _("The article template shows a print/save control (an element with the attribute "
          "{attribute}).").format(attribute=PRINT_ATTRIBUTE),
        "" if facts.print_control else _(
            "The article template has no element with the attribute {attribute}.").format(
                attribute=PRINT_ATTRIBUTE))


CHECKS: dict[str, Callable[..., Verdict]] = {
    "category": _category, "section": _section, "pages": _pages, "leaders": _leaders,
    "every": _every, "some_entry_each": _some_entry_each, "steps": _steps,
    "some_record": _some_record,
    "contact": _contact, "related_links": _related_links, "search": _search, "print": _print,
}


def has_print_control(templates: Iterable[str]) -> bool:
    """Whether any of these template sources has an element with the print attribute."""
    return any(_PRINT_CONTROL.search(source) for source in templates)


def evaluate(facts: SiteFacts) -> list[GroupOutcome]:
    """Every requirement checked, under its group, in the order of the data module."""
    outcomes = [Outcome(requirement, _(requirement.label),
                        CHECKS[requirement.check](facts, **requirement.args))
                for requirement in REQUIREMENTS]
    return [GroupOutcome(group, _(group.title),
                         [outcome for outcome in outcomes if outcome.requirement.group == group.id])
            for group in GROUPS]


def tally_deadlines(table: DeadlineTable, agency: Agency, lang: str) -> list[RuleTally]:
    """The clocks of the deadline table (the dashboard's rows) counted per rule of the profile,
    so the page and the dashboard cannot disagree."""
    counts = Counter((row.rule, row.status) for row in table.rows)
    return [RuleTally(rule, agency.text(rule.title, lang),
                      {status: counts[rule.id, status] for status in COUNTED})
            for rule in table.profile.rules]
