// The search page: asks Pagefind's index for the words in ?q=, and lists the pages found with
// their title and summary. Without JavaScript the page keeps its plain form and a note with
// other ways to the content.
//
// The build writes the index in shards, one per language and year (workflow/search_index.py),
// so that an edit indexes one year again, not the site. shards.json lists this language's
// shards, newest first: the first is loaded, the others merged into it (Pagefind's
// mergeIndex), and one search covers them all.
//
// Vietnamese is often typed without diacritics. Pagefind ignores the marks ("bien gioi" finds
// "biên giới") but "đ" is a letter of its own, so the build indexes it as "d"
// (workflow/search_index.py) and the query is folded here the same way.
(function () {
  "use strict";
  const form = document.querySelector("[data-search]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const more = document.querySelector("[data-search-more]");
  const messages = form.dataset;
  const PAGE = 10;
  let index = null; // the merged index once asked for (a promise), null in it: nothing indexed
  let found = [];
  let shown = 0;

  document.querySelectorAll("[data-search-nojs]").forEach((note) => { note.hidden = true; });

  function fold(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function say(text) {
    status.textContent = text;
  }

  function countMessage(count, query) {
    const template = count === 1 ? messages.msgOne : messages.msgMany;
    return template.replace("{count}", count.toLocaleString(document.documentElement.lang))
      .replace("{query}", query);
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const heading = document.createElement("h2");
    heading.className = "search-results__title";
    heading.append(link);
    item.append(heading);
    if (data.meta.summary) {
      const summary = document.createElement("p");
      summary.textContent = data.meta.summary;
      item.append(summary);
    }
    return item;
  }

  async function showMore() {
    const next = found.slice(shown, shown + PAGE);
    shown += next.length;
    const pages = await Promise.all(next.map((result) => result.data()));
    pages.forEach((data) => list.append(resultItem(data)));
    more.hidden = shown >= found.length;
  }

  async function loadIndex() {
    const base = form.dataset.index;
    // Revalidated: a list kept from before the new year would leave its items unfound.
    const response = await fetch(`${base}shards.json`, { cache: "no-cache" });
    if (!response.ok) throw new Error(`shards.json: ${response.status}`);
    const shards = (await response.json())[form.dataset.language] || [];
    if (!shards.length) return null;
    const bundle = await import(`${base}${shards[0]}/pagefind.js`);
    // An instance of its own for each attempt: one that failed is thrown away whole.
    const instance = bundle.createInstance({ basePath: `${base}${shards[0]}/` });
    try {
      await instance.filters(); // the first shard loaded, or its failure raised, before merging
      await Promise.all(shards.slice(1).map((shard) => instance.mergeIndex(`${base}${shard}/`)));
    } catch (error) {
      await instance.destroy();
      throw error;
    }
    return instance;
  }

  async function search(query) {
    list.replaceChildren();
    more.hidden = true;
    found = [];
    shown = 0;
    if (!query.trim()) {
      say("");
      return;
    }
    say(messages.msgLoading);
    try {
      index = index || loadIndex();
      const pagefind = await index;
      found = pagefind ? (await pagefind.search(fold(query))).results : [];
    } catch (error) {
      index = null; // asked again at the next search
      say(messages.msgFailed);
      return;
    }
    await showMore();
    say(found.length ? countMessage(found.length, query) : messages.msgNone.replace("{query}", query));
  }

  more.addEventListener("click", () => { showMore(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value;
    const address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address);
    search(query);
  });
  const initial = new URL(window.location.href).searchParams.get("q") || "";
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
