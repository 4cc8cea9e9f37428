// The documents register's text filter: an enhancement of the filter pages, which work without
// it. It adds a search box above the table and hides the rows that do not contain every word
// typed, compared without diacritics ("nghi dinh" finds "Nghị định"); the caption's live
// region says how many rows remain.
(function () {
  "use strict";
  var table = document.getElementById("register");
  if (!table || !table.tBodies.length) { return; }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return fold(row.textContent); });
  var label = document.createElement("label");
  label.setAttribute("for", "register-filter");
  label.textContent = table.getAttribute("data-filter-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = "register-filter";
  input.className = "register-filter";
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "register-filter__status";
  var wrapper = table.parentNode;
  wrapper.parentNode.insertBefore(label, wrapper);
  wrapper.parentNode.insertBefore(input, wrapper);
  wrapper.parentNode.insertBefore(status, wrapper);
  input.addEventListener("input", function () {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = words.length ? shown + " " + table.getAttribute("data-count-label") : "";
  });
}());
