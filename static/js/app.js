// Ask before every destructive action: forms and buttons carrying data-confirm.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A refused or conflicting one-click action answers 409 with the fragment as it is now
// and the reason: swap it in like a success so the user sees why, in place.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Server-side pickers: a <select data-autocomplete-url> holds only its chosen option and
// becomes a Tom Select that asks the endpoint as the user types (org/autocomplete.py).
// Without JavaScript the <select> still submits the chosen value.
function initAutocomplete(root) {
  if (typeof TomSelect === "undefined" || !root.querySelectorAll) return;
  root.querySelectorAll("select[data-autocomplete-url]").forEach((select) => {
    if (select.tomselect) return;
    const data = select.dataset;
    const forward = (data.autocompleteForward || "").split(",").filter(Boolean);
    let latest = 0;
    const keepChosenAndEmpty = function (option, value) {
      return value === "" || this.items.indexOf(value) >= 0;
    };
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      // The server has matched already (by number, name or EDRPOU): show all it sent,
      // and the empty choice ("All contracts") only while nothing is typed.
      score: (search) => (item) => (search && item.value === "" ? 0 : 1),
      maxOptions: 21,
      loadThrottle: 250,
      preload: "focus",
      allowEmptyOption: true,
      placeholder: data.autocompletePlaceholder,
      plugins: ["dropdown_input"],
      load(query, callback) {
        const url = new URL(data.autocompleteUrl, window.location.href);
        url.searchParams.set("q", query);
        forward.forEach((name) => {
          const other = select.form && select.form.elements[name];
          if (other && other.value) url.searchParams.set(name, other.value);
        });
        this.clearOptions(keepChosenAndEmpty);
        // Only the answer to the latest request counts: an earlier one arriving late
        // (the preload on focus, say) must not bring back rows the typed text excludes.
        const ticket = ++latest;
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : Promise.reject(response)))
          .then((json) => {
            if (ticket !== latest) return callback();
            callback(json.results.map((row) => ({ value: String(row.id), text: row.text })));
          })
          .catch(() => callback());
      },
      onBlur() {
        // What a forwarded field (the contract, the client) narrows to may change meanwhile.
        if (forward.length) this.wrapper.classList.remove("preloaded");
      },
      render: {
        no_results: (item, escape) => `<div class="no-results">${escape(data.autocompleteNoResults)}</div>`,
        loading: (item, escape) => `<div class="px-3 py-2 text-body-secondary">${escape(data.autocompleteLoading)}</div>`,
      },
    });
  });
}

document.addEventListener("DOMContentLoaded", () => initAutocomplete(document));
// Forms swapped in by HTMX (the hand-off kind, the claim's contract) bring new pickers.
document.addEventListener("htmx:load", (event) => initAutocomplete(event.detail.elt));

// Tables marked table-cards become cards on phones (app.css): each cell is labelled with
// its column's header, the column whose header has data-card-title heads the card; for
// rows rendered with the page and rows HTMX swaps in later.
function labelTableCells(root) {
  if (!root.querySelectorAll) return;
  root.querySelectorAll("table.table-cards").forEach((table) => {
    const headers = Array.from(table.querySelectorAll(":scope > thead > tr:first-child > th"));
    const labels = headers.map((th) => th.textContent.replace(/\s+/g, " ").trim());
    const titles = headers.map((th) => th.hasAttribute("data-card-title"));
    table.querySelectorAll(":scope > tbody > tr").forEach((row) => {
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        if (cell.colSpan === 1 && titles[column]) cell.classList.add("card-title-cell");
        else if (cell.colSpan === 1 && labels[column] && !cell.hasAttribute("data-label")) {
          cell.dataset.label = labels[column];
        }
        column += cell.colSpan;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => labelTableCells(document));
document.addEventListener("htmx:load", () => labelTableCells(document));

// The error pages' "Back" button, shown where there is a page to go back to.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-history-back]").forEach((button) => {
    if (window.history.length < 2) return;
    button.hidden = false;
    button.addEventListener("click", () => window.history.back());
  });
});

// An inbox row's menus (details[data-load]) load their content the first time they open:
// the form to complete or decline, or the row's other actions. One listener instead of
// three htmx attributes on each of fifty rows.
document.addEventListener(
  "toggle",
  (event) => {
    const menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.open || !menu.dataset.load) return;
    if (menu.dataset.loaded || !window.htmx) return;
    menu.dataset.loaded = "true";
    window.htmx.ajax("GET", menu.dataset.load, { source: menu, target: menu, swap: "beforeend" });
  },
  true,
);

// A link to a tab of a page (a guard's "Open the obligations": /contracts/7/#obligations)
// opens that tab, not the first one.
document.addEventListener("DOMContentLoaded", () => {
  const id = window.location.hash.slice(1);
  if (!id || !window.bootstrap) return;
  const button = document.querySelector(`[data-bs-toggle="tab"][data-bs-target="#${CSS.escape(id)}"]`);
  if (button) window.bootstrap.Tab.getOrCreateInstance(button).show();
});

// A header checkbox data-select-all="FORM" ticks or clears every row checkbox of that form
// (bulk actions: the inbox, the claim list).
document.addEventListener("change", (event) => {
  const toggle = event.target;
  if (!toggle.matches || !toggle.matches("input[data-select-all]")) return;
  const form = toggle.dataset.selectAll;
  document.querySelectorAll(`input[type=checkbox][name=ids][form="${form}"]`).forEach((box) => {
    box.checked = toggle.checked;
  });
});
