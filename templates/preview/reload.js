/* cuebook serve's preview script: added to each page on its way out of the preview server,
   never written into the site. It asks for the state of the build as it changes. When its
   page is written again it asks the server what changed and swaps that element in (a book's
   reading page of 500 questions takes a browser seconds to load again; one question, a few
   milliseconds), or reloads the page when that cannot be done; it reloads when another file
   its book's pages load is written changed (a style, an image). While the other
   formats of the book are rebuilt it shows a small status badge ("handout updating…", then
   "handout ready" with a link to the fresh file). The badge is fixed in a corner (it moves
   nothing on the page) and is a polite live region, so a screen reader says its changes
   without interrupting. */
(function () {
  "use strict";
  var seen = null;
  var shown = null;
  var me = document.currentScript;
  // This page, as the site names it ("book/index.html"), and the version the browser has.
  var page = me ? me.getAttribute("data-page") : null;
  var mine = me ? me.getAttribute("data-version") : null;
  var others = null;  // the versions of the book's other files, as first heard
  var badge = document.createElement("div");
  badge.id = "cuebook-preview-status";
  badge.setAttribute("role", "status");
  badge.setAttribute("aria-live", "polite");
  var style = badge.style;
  style.position = "fixed";
  style.right = "12px";
  style.bottom = "12px";
  style.zIndex = "2147483647";
  style.maxWidth = "calc(100vw - 24px)";
  style.boxSizing = "border-box";
  style.font = "13px/1.4 system-ui, sans-serif";
  style.color = "#fff";
  style.background = "rgba(34, 34, 34, 0.9)";
  style.borderRadius = "12px";
  document.body.appendChild(badge);

  // A book's pages live in the folder named for it; the library page lists every book.
  var parts = location.pathname.split("/").filter(Boolean);
  var slug = parts.length > 1 ? decodeURIComponent(parts[0]) : null;

  function items(state) {
    var found = [];
    Object.keys(state.books).sort().forEach(function (book) {
      if (slug !== null && book !== slug) { return; }
      var formats = state.books[book];
      state.order.forEach(function (fmt) {
        var entry = formats[fmt];
        if (fmt === "site" || !entry || entry.run !== state.run || entry.state === "cached") {
          return;
        }
        var name = (slug === null ? book + " " : "") + entry.name;
        if (entry.state === "built" && entry.files.length) {
          found.push({text: name + " ready", href: "/" + entry.files[0] + "?run=" + state.run});
        } else if (entry.state === "built") {
          found.push({text: name + " ready"});
        } else if (entry.state === "failed") {
          found.push({text: name + " failed (see the terminal)"});
        } else {
          found.push({text: name + " updating\u2026"});
        }
      });
    });
    return found;
  }

  function show(state) {
    var found = items(state);
    var key = JSON.stringify(found);
    if (key === shown) { return; }  // unchanged: not announced again
    shown = key;
    badge.textContent = "";
    style.padding = found.length ? "4px 10px" : "0";
    found.forEach(function (item, i) {
      if (i) { badge.appendChild(document.createTextNode(" \u00b7 ")); }
      var node = document.createElement(item.href ? "a" : "span");
      node.textContent = item.text;
      if (item.href) {
        node.href = item.href;
        node.style.color = "#9cf";
      }
      badge.appendChild(node);
    });
  }

  // The versions of the files a page of this book loads (its styles, scripts and images;
  // not its pages, not the library's manifest), one string to compare. The library page
  // reloads whenever the site is rebuilt.
  function otherFiles(state) {
    return Object.keys(state.files).sort().filter(function (name) {
      return slug !== null && name.indexOf(slug + "/") === 0 && !/\.(html|json)$/.test(name);
    }).map(function (name) { return name + " " + state.files[name]; }).join("\n");
  }

  // Swap in the element that changed (none: the page is that version already); false when
  // the page must be loaded again instead.
  function swap(change) {
    if (change.reload || change.from !== mine) { return false; }
    if (change.target) {
      var old = document.getElementById(change.target);
      var parsed = document.createElement("template");
      parsed.innerHTML = change.html;
      var fresh = parsed.content.firstElementChild;
      if (!old || !fresh || parsed.content.childNodes.length !== 1) { return false; }
      old.replaceWith(fresh);
    }
    mine = change.to;
    return true;
  }

  // Brings the page to the version on disk (the state may name an older one, written just
  // before), then asks for the next state.
  function update(state, next) {
    var wanted = page === null ? null : state.files[page];
    if (!wanted || mine === null || wanted === mine) { next(); return; }
    fetch("%PREFIX%patch?page=" + encodeURIComponent(page) + "&since=" + mine,
          {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (change) {
        if (swap(change)) { next(); } else { location.reload(); }
      }, function () { location.reload(); });
  }

  // The server answers as soon as the state has moved past the version the page has (or
  // after 20 s unchanged), so a page hears of its rewritten file at once.
  var version = "";
  function poll() {
    fetch("%PREFIX%state?since=" + version, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        var files = otherFiles(state);
        if ((slug === null && seen !== null && state.build !== seen) ||
            (others !== null && files !== others)) {
          location.reload();
          return;
        }
        seen = state.build;
        others = files;
        version = state.version;
        show(state);
        update(state, function () { setTimeout(poll, 100); });
      }, function () { setTimeout(poll, 2000); });
  }
  poll();
}());
