// What every page does with JavaScript, and only adds: the site is complete without it.
// - The header's "Search" link becomes a search box (the search page itself needs the script).
// - The print/save button of an item appears and prints with the print stylesheet; the printed
//   copy carries the address the reader sees and the day it was printed.
(function () {
  "use strict";
  const link = document.querySelector("[data-search-link]");
  const box = document.querySelector("[data-search-box]");
  if (link && box) {
    box.hidden = false;
    link.hidden = true;
  }

  const address = document.querySelector("[data-print-address]");
  const printed = document.querySelector("[data-print-date]");
  function stampPrintedCopy() {
    if (address) address.textContent = window.location.href.split("#")[0];
    if (printed) {
      const day = new Date().toLocaleDateString(document.documentElement.lang);
      printed.textContent = " · " + printed.dataset.label + ": " + day;
    }
  }
  window.addEventListener("beforeprint", stampPrintedCopy);
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      stampPrintedCopy();
      window.print();
    });
  });
})();
