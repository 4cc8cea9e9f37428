"""Render a page only when something it shows has changed: a dependency map in the cache.

Rendering and writing every page is most of a build once Pelican's content cache has skipped
the Markdown (shared/DESIGN.md). Each page the writer renders is keyed by its inputs, and the
key is kept in the cache beside the page it produced (`pages.pickle`):

- everything every page shares: templates, catalogs and the settings of the run (site
  address, public or preview, and how the site is made: the libraries' versions, the
  plugins' code, the settings files, the configuration, as workflow/buildkey.making_key);
- an item page: its file, its body as rendered (so a link to an item that disappeared is seen),
  its metadata as settled for this build, which of its language versions are live, withdrawn
  or scheduled (the language switcher), its related items, the day its original was revised,
  its deadlines; a question's, document's or procedure's page also the documents it links;
- a listing page (section, category, keyword), page by page: its page number and count, and
  for each item on it the fields a listing shows (address, status, metadata; the body only
  when the summary is taken from it).

When the key is the one recorded, the previous page is reused instead of rendering the
template, so a new item re-renders its own page, its neighbours' (related items) and the
listing pages it lands on, and an edited body re-renders one page. Other pages (the home page,
the Q&A home, the register...) show things no key names and are always rendered.

Listings and item pages are written last, once every other page is, listings first. A reused
page is left where it is when the tree is the standby (the site the last build retired,
workflow/standby.py) and holds it from inputs unchanged across both builds, so with the live
page's bytes and time; otherwise it is a copy of the previous file with its time. Either is
made without Pelican's writer (whose URL and context work is most of a reused page's cost) and
announced through `content_written` as Pelican announces the pages it writes. It is a copy,
not a hard link: a tree never shares a file with the live site or an older release, so nothing
written to one can reach the others. A page the standby holds but this build writes anew is
removed first, never written over; one it no longer writes is removed at the end. A listing is
placed so only when every one of its pages can be (its pages made by Pelican's Paginator, as
the writer makes them); otherwise Pelican's writer writes it page by page, rendering those
that changed. When two pages claim one address, both go through Pelican's writer, which
reports it. Each page written also offers its search document to the mirror the search index
is made from (plugins/core/searchpages.py), which rewrites it only when the page's key changed.

The previous page is taken from the live `output/` only if it is exactly the file this cache
recorded (same inode, size and time), so a failed or hand-edited build is never reused.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.paginator import Page, Paginator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from plugins.core.agency import load_agency
from plugins.core.atomic import NEW_FILE_MODE, file_identity, regular_file_bytes, write_bytes
from plugins.core.errors import PortalError
from plugins.core.fingerprints import digest, file_contents, load_page_record
from plugins.core.i18n import _
from plugins.core.index import ContentIndex
from plugins.core.runsettings import (
    MAKING_SETTING,
    OUTPUT_READY_SETTING,
    PREVIOUS_OUTPUT_SETTING,
    RENDER_PROCESSES_SETTING,
    SEARCH_MIRROR_SETTING,
    STANDBY_PAGES_FILE,
)
from plugins.core.searchpages import MANIFEST_FILE as SEARCH_MANIFEST
from plugins.core.searchpages import Document, SearchPages, shard_of
from plugins.core.workers import ForkedBatch
from plugins.portal_site.addresses import item_url
from plugins.portal_site.documents import DocumentHelpers
from plugins.portal_site.qa import QUESTIONS
from plugins.portal_site.settings import build_moment

FORK_MINIMUM = 64  # fewer item pages are not worth a fork
MANIFEST_FILE = "pages.pickle"
SHARED_SETTINGS = ("SITEURL", "PUBLISH", "PORTAL_LANG", "DEFAULT_PAGINATION", MAKING_SETTING)
LISTING_TEMPLATES = ("section", "category", "tag")  # PAGINATED_TEMPLATES of pelicanconf.py
LISTING_ARGUMENTS = ("section", "category_id", "tag", "page_path", "url")
DOCUMENTS = "documents"
PROCEDURES = "procedures"  # its legal basis links to documents by number
PAGES = "pages"  # a page's sidebar lists every page


def shared_key(settings: dict[str, Any]) -> str:
    """Everything every page depends on, whatever it shows: the theme's templates and
    catalogs, and the run's settings, among them how the site is made (`MAKING_SETTING`: the
    libraries' versions, the plugins' code, the settings files, content/_config), which the
    build digests once and hands every run with the previous site whose pages may be
    reused: a run without it reuses nothing."""
    theme = Path(settings["THEME"])
    return digest(
        *file_contents(theme / "templates", "*.html"),
        *file_contents(theme / "translations", "*.po"),
        repr([settings.get(name) for name in SHARED_SETTINGS]).encode(),
    )


def metadata_text(item: Any) -> str:
    """The item's metadata as settled for this build, as text a key can hold."""
    return repr(sorted((key, repr(value)) for key, value in item.metadata.items()))


def listing_fields(item: Any, metadata: str) -> str:
    """What a listing shows of an item, `metadata` its `metadata_text`; the body only when the
    summary comes from it."""
    fields = repr(item_url(item)) + metadata
    if item.metadata.get("summary") or item.metadata.get("question"):
        return fields
    return fields + item.content


class ReusingWriter(Writer):
    """Pelican's writer, writing the previous bytes of pages whose inputs did not change."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        ready = settings.get(OUTPUT_READY_SETTING)  # Pelican makes the writer once it has
        if ready is not None and not ready.wait():  # read everything, before writing a page
            raise PortalError(_("the folder the site is built in could not be prepared, so "
                                "nothing was written into it"))
        super().__init__(output_path, settings)
        previous = settings.get(PREVIOUS_OUTPUT_SETTING)
        self.previous = Path(previous) if previous else None
        self.manifest_path = Path(settings["CACHE_PATH"]) / MANIFEST_FILE
        self.old: dict[str, tuple[str, int, int, int]] = {}
        if self.previous is not None:
            self.old = load_page_record(self.manifest_path)
        self.new: dict[str, tuple[str, int, int, int]] = {}
        # the pages the standby tree may hold, and may keep (workflow/standby.py)
        self.standby = load_page_record(self.manifest_path.with_name(STANDBY_PAGES_FILE))
        # written path: (name, key, the previous page's time when its bytes are reused)
        self.pending: dict[str, tuple[str, str, int | None]] = {}
        self.listed: dict[int, str] = {}  # id of an item (alive for the run): its fields' digest
        self.metadata_texts: dict[int, str] = {}  # id of an item: its metadata_text
        mirror = settings.get(SEARCH_MIRROR_SETTING)
        self.search = SearchPages(Path(mirror), Path(settings["CACHE_PATH"]) / SEARCH_MANIFEST
                                  ) if mirror else None
        self.shared = shared_key(settings)
        self.language: str = settings["PORTAL_LANG"]
        self.content_dir = Path(settings["PATH"])
        self.index: ContentIndex | None = settings.get("PORTAL_INDEX")
        self.processes: int = settings.get(RENDER_PROCESSES_SETTING, 1)
        self.deferred: list[tuple[tuple[Any, ...], dict[str, Any]]] | None = []
        signals.content_written.connect(self._record, weak=False)
        signals.finalized.connect(self._finish, weak=False)

    def write_file(  # noqa: PLR0917 - the signature of Pelican's Writer.write_file
        self, name: str, template: Any, context: dict[str, Any],
        relative_urls: bool = False, paginated: Any = None, template_name: str | None = None,
        override_output: bool = False, url: str | None = None, **kwargs: Any,
    ) -> Any:
        arguments = (name, template, context, relative_urls, paginated, template_name,
                     override_output, url)
        if self.deferred is not None and (_item_of(kwargs) is not None
                                          or template_name in LISTING_TEMPLATES):
            self.deferred.append((arguments, kwargs))  # written at the end (_write_deferred)
            return None
        return self._write(arguments, kwargs)

    def _write(self, arguments: tuple[Any, ...], kwargs: dict[str, Any],
               inputs: str | None = None) -> str:
        """Pelican's writing of one page (or one listing, page by page), keyed; the name."""
        name, template, *rest = arguments
        template = ReusableTemplate(template, self, inputs if inputs is not None else
                                    self._inputs(rest[3], kwargs))
        super().write_file(name, template, *rest, **kwargs)
        return name

    def _write_item_page(self, call: tuple[tuple[Any, ...], dict[str, Any]]) -> tuple[
            str, tuple[str, int, int, int] | None, Document | None]:
        """In the fork: write, and say what the parent must record of it."""
        name = self._write(*call)
        return name, self.new.get(name), self.search.new.get(name) if self.search else None

    def offer_search(self, name: str, key: str, text: str, context: dict[str, Any]) -> None:
        """The search index's document of the page, in the shard of its language and year
        (plugins/core/searchpages.py)."""
        if self.search is not None:
            self.search.offer(name, key, text, self._shard(context))

    def _shard(self, context: dict[str, Any]) -> str:
        item = _item_of(context)
        return shard_of(self.language, getattr(item, "date", None) if item is not None else None)

    def _write_deferred(self) -> None:
        """The listings, then the item pages: reused ones kept or copied, the others rendered;
        item pages half by a forked copy of this process when the run has two cores and many
        to render (a fork for a few pages would cost a process and its memory for nothing).
        Pages placed without Pelican's writer and the fork's are announced here through
        `content_written`, as if Pelican had written them."""
        calls, self.deferred = self.deferred or [], None
        items = [call for call in calls if _item_of(call[1]) is not None]
        listings = [(call, self._listing_pages(call)) for call in calls
                    if _item_of(call[1]) is None]
        # a name claimed twice, by any page of a listing or an item: Pelican's writer writes
        # both, and reports it
        claims = Counter([call[0][0] for call in items]
                         + [name for _call, pages in listings for name, _pages in pages])
        for call, pages in listings:
            if any(claims[name] > 1 for name, _pages in pages) or not self._reuse_listing(
                    call, pages):
                self._write(*call)
        self._write_items(items, claims)

    def _write_items(self, items: list[tuple[tuple[Any, ...], dict[str, Any]]],
                     claims: Counter[str]) -> None:
        """The item pages: placed when they can be, the others rendered, in two processes
        when there are many; `claims` counts every deferred page's name."""
        rendered: list[tuple[tuple[tuple[Any, ...], dict[str, Any]], str | None]] = []
        for call in items:
            inputs = self._inputs(call[0][5], call[1])
            name = call[0][0]
            if not name:  # a page not to be written (save_as empty): Pelican skips it
                rendered.append((call, inputs))
            elif claims[name] == 1 and self._reuse(call, inputs):
                self._announce(call)
            else:
                self.clear(name)
                rendered.append((call, inputs))
        forked: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        if self.processes >= 2 and len(rendered) >= FORK_MINIMUM:
            # a name claimed twice stays here, where Pelican's writer sees both claims
            forked = [call for call, _inputs in rendered[len(rendered) // 2:]
                      if claims[call[0][0]] == 1]
        batch = ForkedBatch(self._write_item_page, forked) if forked else None
        in_fork = {id(call) for call in forked}
        for call, inputs in rendered:
            if id(call) not in in_fork:
                self._write(*call, inputs=inputs)
        if batch is None:
            return
        for call, (name, entry, searched) in zip(forked, batch.results(), strict=True):
            if entry is not None:
                self.new[name] = entry
            if searched is not None and self.search is not None:
                self.search.new[name] = searched
            self._announce(call)

    def _reuse(self, call: tuple[tuple[Any, ...], dict[str, Any]], inputs: str | None) -> bool:
        """Whether the item page could be placed without rendering (`_place`); a file of the
        standby's under its name is removed otherwise."""
        (name, _template, context, *_rest), kwargs = call
        if inputs is None:
            return False
        context = {**context, **kwargs}
        return self._place(name, self.page_key(name, inputs, context), self._shard(context))

    def _reuse_listing(self, call: tuple[tuple[Any, ...], dict[str, Any]],
                       listing: list[tuple[str, dict[str, Page]]]) -> bool:
        """Whether every page of a listing was placed without rendering (`_place`). When one
        page's inputs changed, none is: Pelican's writer writes the listing, rendering the
        pages that changed and reusing the bytes of the others (`ReusableTemplate`)."""
        (name, _template, context, relative_urls, _paginated, template_name, _override,
         _url), kwargs = call
        inputs = self._inputs(template_name, kwargs)
        if not name or relative_urls or inputs is None:
            return False
        keyed = [(page_name, self.page_key(page_name, inputs, pages), pages)
                 for page_name, pages in listing]
        if not all(key in (self.standby.get(page_name, ("",))[0],
                           self.old.get(page_name, ("",))[0]) for page_name, key, _ in keyed):
            return False
        shard = shard_of(self.language, None)
        for page_name, key, pages in keyed:
            if not self._place(page_name, key, shard):
                return False  # Pelican's writer writes every page again, over those placed
            signals.content_written.send(sanitised_join(self.output_path, page_name), context={
                **context, **kwargs, **pages, "output_file": page_name})
        return True

    def _listing_pages(self, call: tuple[tuple[Any, ...], dict[str, Any]]) -> list[
            tuple[str, dict[str, Page]]]:
        """The pages Pelican's writer would write for a listing, each with its page of every
        paginated list, made as the writer makes them (pelican.paginator.Paginator)."""
        (name, _template, _context, _relative, paginated, template_name, _override,
         url), kwargs = call
        if not name:  # not written (save_as empty): Pelican's writer skips it
            return []
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items()
                         if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return [(name, {})]
        per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                    or self.settings["DEFAULT_PAGINATION"])
        paginators = {key: Paginator(name, url, value, self.settings, per_page)
                      for key, value in paginated.items()}
        listing = []
        for number in range(next(iter(paginators.values())).num_pages):
            pages = {f"{key}_page": paginator.page(number + 1)
                     for key, paginator in paginators.items()}
            listing.append((list(pages.values())[-1].save_as, pages))
        return listing

    def _place(self, name: str, key: str, shard: str) -> bool:
        """Whether page `name`, of inputs `key`, is in place without rendering: the standby's
        file kept where it is, or the previous build's copied in. A file of the standby's
        under its name is removed otherwise."""
        path = sanitised_join(self.output_path, name)
        data = None
        if self._kept(name, path, key):
            self.new[name] = self.standby[name]
        else:
            self.clear(name)
            data = self._previous_bytes(name, key)
            if data is None:
                return False
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                _write_new(path, data, since=self.old[name][3])
            except OSError:
                return False
            copied = os.lstat(path)
            self.new[name] = (key, copied.st_ino, copied.st_size, copied.st_mtime_ns)
        if self.search is not None and not self.search.keep(name, key, shard):
            if data is None:
                data = Path(path).read_bytes()  # the kept file, a regular file of ours
            self.search.offer(name, key, data.decode("utf-8", "replace"), shard)
        return True

    def clear(self, name: str) -> None:
        """Remove the file the standby holds under `name`, about to be written: a new file,
        never one written over, so that a reader of the retired site keeps intact bytes. (The
        emptying removed every file but the pages the standby record names.) Only that very
        file: one this build wrote there is left for Pelican's writer to report."""
        recorded = self.standby.get(name)
        if recorded is not None:
            path = sanitised_join(self.output_path, name)
            if _identity(path) == recorded[1:]:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)

    def _kept(self, name: str, path: str, key: str) -> bool:
        """Whether the tree holds page `name` as the standby recorded it, from inputs `key`:
        the file the emptying left (workflow/standby.py), checked again here."""
        recorded = self.standby.get(name)
        if recorded is None or recorded[0] != key:
            return False
        return _identity(path, single=True) == recorded[1:]

    def _announce(self, call: tuple[tuple[Any, ...], dict[str, Any]]) -> None:
        """`content_written` for a page this process did not write through Pelican."""
        (name, _template, context, *_rest), kwargs = call
        signals.content_written.send(sanitised_join(self.output_path, name),
                                     context={**context, **kwargs, "output_file": name})

    def _inputs(self, template_name: str | None, arguments: dict[str, Any]) -> str | None:
        """What this page shows besides the shared inputs; None when no key can name it."""
        item = _item_of(arguments)
        if item is not None:
            return self._item_inputs(item)
        if template_name in LISTING_TEMPLATES:
            return repr([(name, str(arguments.get(name))) for name in LISTING_ARGUMENTS])
        return None

    def _item_inputs(self, item: Any) -> str:
        section = getattr(item, "section", None)
        extra = ""
        if section in (QUESTIONS, DOCUMENTS, PROCEDURES):
            # A question links the documents it cites by number; a document shows the others
            # related to it, both ways, and a validity that they and the moment decide.
            extra = self.documents_key
        if section == DOCUMENTS:
            extra += self.register_state
        if section == PAGES:
            extra += self.pages_key
        return digest(
            self._source_digest(item).encode(), item.content.encode(), extra.encode(),
            self._metadata_text(item).encode(), self._versions_state(section, item.slug).encode(),
            repr((getattr(item, "related_items", None), getattr(item, "original_revised", None),
                  getattr(item, "deadlines", None))).encode())

    def _source_digest(self, item: Any) -> str:
        """The digest of the item's file, from the index when the build read it for its key
        (`ContentIndex.source_digest`): ten thousand files are not read again to key pages.
        The file is named as our reader found it under content/ (`source_relpath`)."""
        relpath = item.metadata.get("source_relpath")
        if self.index is None or relpath is None:
            return digest(Path(item.source_path).read_bytes())
        return self.index.source_digest(Path(relpath))

    def _versions_state(self, section: str | None, stem: str) -> str:
        """Which language versions of the item are live, withdrawn or scheduled at the
        build's moment: the language switcher and the notices. The moment itself is left out,
        so that pages are reused until a scheduled item actually goes public."""
        if self.index is None or section is None:
            return ""
        moment = build_moment(self.settings)
        return repr([(lang, self.index.is_live(section, stem, lang, moment),
                      self.index.withdrawn_on(section, stem, lang),
                      self.index.scheduled_for(section, stem, lang))
                     for lang in self.index.languages_of(section, stem)])

    @functools.cached_property
    def register_state(self) -> str:
        """Each document's validity, relations and comment period at this build's moment."""
        settings = self.settings
        helpers = DocumentHelpers(load_agency(self.content_dir), settings["PORTAL_INDEX"],
                                  settings["PORTAL_LANG"], siteurl=settings["SITEURL"],
                                  moment=build_moment(settings), content_dir=self.content_dir)
        return digest(helpers.state().encode())

    @functools.cached_property
    def documents_key(self) -> str:
        """A question page links the documents it cites, found by their number."""
        return digest(*file_contents(self.content_dir / DOCUMENTS, "*.md"))

    @functools.cached_property
    def pages_key(self) -> str:
        return digest(*file_contents(self.content_dir / PAGES, "*.md"))

    def listing_fields(self, item: Any) -> str:
        """A digest of `listing_fields(item)`, made once per item: an item is on many listing
        pages, and a page's key then joins short digests, not whole summaries or bodies."""
        fields = self.listed.get(id(item))
        if fields is None:
            fields = self.listed[id(item)] = digest(
                listing_fields(item, self._metadata_text(item)).encode())
        return fields

    def _metadata_text(self, item: Any) -> str:
        """`metadata_text(item)`, made once per item: its listings' keys and its page's own
        both hold it."""
        text = self.metadata_texts.get(id(item))
        if text is None:
            text = self.metadata_texts[id(item)] = metadata_text(item)
        return text

    def page_key(self, name: str, inputs: str, context: dict[str, Any]) -> str:
        """The key of page `name` of a listing, or of an item page: the shared inputs, its
        own, and for a listing page its number, the number of pages and what it lists."""
        pages = sorted(((key, value) for key, value in context.items()
                        if isinstance(value, Page) and key.endswith("_page")
                        and not key.endswith(("_previous_page", "_next_page"))),
                       key=lambda pair: pair[0])
        listed = repr([(key, page.number, page.paginator.num_pages,
                        [self.listing_fields(item) for item in page.object_list])
                       for key, page in pages])
        return digest(self.shared.encode(), name.encode(), inputs.encode(), listed.encode())

    def previous_text(self, name: str, key: str) -> str | None:
        """The previous build's page `name` if it was rendered from the same inputs."""
        data = self._previous_bytes(name, key)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _previous_bytes(self, name: str, key: str) -> bytes | None:
        """The previous build's page `name`, if it was rendered from inputs `key` and is still
        exactly the file recorded (inode, size, time), checked on the file opened, which is
        never reached through a link."""
        recorded = self.old.get(name)
        if self.previous is None or recorded is None or recorded[0] != key:
            return None
        return regular_file_bytes(self.previous / name, recorded=recorded[1:])

    def expect(self, name: str, key: str, reused: bool) -> None:
        """`name` is about to be written from inputs `key`; `_record` keeps it once written.
        A reused page keeps its previous time, so browsers and mirrors that revalidate by
        Last-Modified see it unchanged."""
        since = self.old[name][3] if reused else None
        self.pending[os.path.normpath(sanitised_join(self.output_path, name))] = (name, key,
                                                                                 since)

    def _record(self, path: str, context: Any = None) -> None:
        del context
        entry = self.pending.pop(os.path.normpath(path), None)
        if entry is None:
            return
        name, key, since = entry
        if since is not None:
            os.utime(path, ns=(since, since))
        stat = Path(path).stat()
        self.new[name] = (key, stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def _finish(self, _pelican: Any) -> None:
        signals.finalized.disconnect(self._finish)
        self._write_deferred()
        if self.search is not None:
            self.search.finish()
        signals.content_written.disconnect(self._record)
        self._remove_unwritten()
        if self.new != self.old:
            write_bytes(self.manifest_path, pickle.dumps(self.new))
        standby = {name: entry for name, entry in self.old.items()  # same key, same time
                   if (new := self.new.get(name)) is not None
                   and (new[0], new[3]) == (entry[0], entry[3])}
        if standby != self.standby:
            write_bytes(self.manifest_path.with_name(STANDBY_PAGES_FILE), pickle.dumps(standby))

    def _remove_unwritten(self) -> None:
        """The standby's pages this run neither kept nor wrote: an item deleted, its address
        changed, a listing grown shorter. A file written under such a name meanwhile is
        another file, and stays."""
        for name in self.standby.keys() - self.new.keys():
            self.clear(name)


class ReusableTemplate:
    """Stands for a Jinja template in Pelican's writer: renders, or gives the previous bytes
    of the page when its key is the one recorded. Pelican renders once per page of a
    paginated listing, so the key is made here, page by page."""

    def __init__(self, template: Any, writer: ReusingWriter, inputs: str | None) -> None:
        self.template = template
        self.writer = writer
        self.inputs = inputs  # None: a page no key names, always rendered

    def render(self, context: dict[str, Any]) -> str:
        name = context["output_file"]
        self.writer.clear(name)  # a page the standby holds here: removed, not written over
        if self.inputs is None:
            text = self.template.render(context)
            self.writer.offer_search(name, digest(text.encode()), text, context)
            return text
        key = self.writer.page_key(name, self.inputs, context)
        text = self.writer.previous_text(name, key)
        self.writer.expect(name, key, reused=text is not None)
        if text is None:
            text = self.template.render(context)
        self.writer.offer_search(name, key, text, context)
        return text


def _write_new(target: str, data: bytes, since: int) -> None:
    """Write `data` to the new file `target` with the time `since`: created, never opened
    through a link or over a file already there."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | os.O_CLOEXEC, NEW_FILE_MODE)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.utime(target, ns=(since, since))


def _identity(path: str, single: bool = False) -> tuple[int, int, int] | None:
    """`file_identity` of what stands at `path`, never through a link; None for nothing."""
    try:
        return file_identity(os.lstat(path), single=single)
    except OSError:
        return None


def _item_of(arguments: dict[str, Any]) -> Any:
    """The article or page an item page shows, if this is one."""
    item = arguments.get("article") or arguments.get("page")
    return item if item is not None and getattr(item, "source_path", None) else None


def reusing_writer(_pelican: Any) -> type[ReusingWriter]:
    return ReusingWriter
