/* cuebook study mode: one question at a time, answer hidden until revealed.
 *
 * Reads the no-JavaScript fallback list (#study-list, one .study-item per question) that
 * study.html carries, hides it and drives the #study-app card instead. No libraries and no
 * network: the page must work offline and from file://. Every piece of UI text comes from the
 * #study-strings JSON, because a book may be Chinese or English.
 *
 * Marks ("known" / "again") live in localStorage under cuebook:<slug>:marks as {id: mark}.
 * localStorage can throw (file:// in some browsers, private mode, storage full); the marks are
 * then kept in memory for this visit only.
 */
(function () {
  "use strict";

  const SWIPE_MIN_PX = 50;
  // A swipe must be mostly sideways, so that scrolling a long answer does not turn the card.
  const SWIPE_SLOPE = 1.5;

  const main = document.querySelector("main.study");
  const app = document.getElementById("study-app");
  const list = document.getElementById("study-list");
  if (!main || !app || !list) {
    return;
  }

  const el = {
    tag: document.getElementById("study-tag"),
    shuffle: document.getElementById("study-shuffle"),
    reset: document.getElementById("study-reset"),
    status: document.getElementById("study-status"),
    counts: document.getElementById("study-counts"),
    card: document.getElementById("study-card"),
    mark: document.getElementById("study-card-mark"),
    title: document.getElementById("study-card-title"),
    prompt: document.getElementById("study-card-prompt"),
    reveal: document.getElementById("study-reveal"),
    answer: document.getElementById("study-card-answer"),
    prev: document.getElementById("study-prev"),
    again: document.getElementById("study-again"),
    known: document.getElementById("study-known"),
    next: document.getElementById("study-next"),
  };

  const strings = readStrings();
  const marks = openMarks("cuebook:" + (main.dataset.slug || "book") + ":marks");
  const items = Array.from(list.querySelectorAll(".study-item")).map(function (node) {
    return { id: node.dataset.id || node.id, tags: readTags(node), node: node };
  });

  const state = {
    order: items.slice(), // the whole book, in reading or shuffled order
    shuffled: false,
    tag: el.tag ? el.tag.value : "", // a reload may restore the select's value
    index: 0, // position in deck()
    revealed: false,
    note: "", // the last action, said once in the status line
  };

  /* ---- text ---------------------------------------------------------------------------- */

  function readStrings() {
    const node = document.getElementById("study-strings");
    try {
      return JSON.parse(node ? node.textContent : "{}") || {};
    } catch (error) {
      return {};
    }
  }

  // "{n} / {total}" with {n: 3, total: 10} -> "3 / 10"; unknown names stay as written.
  function format(key, values) {
    const template = typeof strings[key] === "string" ? strings[key] : "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values || {}, name) ? String(values[name]) : whole;
    });
  }

  function readTags(node) {
    try {
      const tags = JSON.parse(node.dataset.tags || "[]");
      return Array.isArray(tags) ? tags.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  /* ---- marks ----------------------------------------------------------------------------- */

  function openMarks(key) {
    let memory = {};
    let storage = null;
    try {
      storage = window.localStorage; // the getter itself throws when storage is blocked
      const saved = JSON.parse(storage.getItem(key) || "{}");
      if (saved && typeof saved === "object" && !Array.isArray(saved)) {
        memory = saved;
      }
    } catch (error) {
      storage = null;
    }
    function save() {
      if (!storage) {
        return;
      }
      try {
        if (Object.keys(memory).length) {
          storage.setItem(key, JSON.stringify(memory));
        } else {
          storage.removeItem(key);
        }
      } catch (error) {
        storage = null; // full or revoked: carry on in memory
      }
    }
    return {
      get: function (id) {
        const mark = memory[id];
        return mark === "known" || mark === "again" ? mark : "";
      },
      set: function (id, mark) {
        memory[id] = mark;
        save();
      },
      clear: function () {
        memory = {};
        save();
      },
      count: function (mark, ids) {
        return ids.filter(function (id) { return memory[id] === mark; }).length;
      },
    };
  }

  /* ---- the deck ---------------------------------------------------------------------------- */

  function deck() {
    if (!state.tag) {
      return state.order;
    }
    return state.order.filter(function (item) { return item.tags.indexOf(state.tag) !== -1; });
  }

  function current() {
    const cards = deck();
    return cards.length ? cards[Math.min(state.index, cards.length - 1)] : null;
  }

  // Fisher–Yates on a copy.
  function shuffled(array) {
    const copy = array.slice();
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      const swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  // Keep showing the same question when the deck changes under it, if it is still in the deck.
  function moveTo(item) {
    const at = item ? deck().indexOf(item) : -1;
    state.index = at === -1 ? 0 : at;
  }

  /* ---- copying a question into the card ----------------------------------------------------- */

  // The hidden list keeps its ids (footnotes: fn1, fnref1), so the copies in the card get a
  // prefix, and links inside the copy follow their renamed targets. Duplicate ids would break
  // footnote links and aria references.
  const ID_PREFIX = "card-";
  const ID_REFS = ["aria-labelledby", "aria-describedby", "aria-controls", "for", "headers"];

  function copyChildren(source, target, item) {
    target.replaceChildren();
    if (!source) {
      return;
    }
    const ids = new Set(Array.from(item.node.querySelectorAll("[id]"), function (n) { return n.id; }));
    const fragment = document.createDocumentFragment();
    source.childNodes.forEach(function (child) { fragment.appendChild(child.cloneNode(true)); });
    fragment.querySelectorAll("[id]").forEach(function (n) { n.id = ID_PREFIX + n.id; });
    fragment.querySelectorAll("a[href^='#']").forEach(function (a) {
      const target = decodeURIComponent(a.getAttribute("href").slice(1));
      if (ids.has(target)) {
        a.setAttribute("href", "#" + ID_PREFIX + target);
      }
    });
    ID_REFS.forEach(function (attribute) {
      fragment.querySelectorAll("[" + attribute + "]").forEach(function (n) {
        const renamed = n.getAttribute(attribute).split(/\s+/).map(function (ref) {
          return ids.has(ref) ? ID_PREFIX + ref : ref;
        });
        n.setAttribute(attribute, renamed.join(" "));
      });
    });
    target.appendChild(fragment);
  }

  /* ---- drawing ------------------------------------------------------------------------------- */

  function render() {
    const cards = deck();
    const item = current();
    const hadFocusInCard = el.card.contains(document.activeElement) && document.activeElement !== el.card;
    state.index = item ? cards.indexOf(item) : 0;

    el.card.dataset.id = item ? item.id : "";
    if (item) {
      copyChildren(item.node.querySelector(".study-title"), el.title, item);
      copyChildren(item.node.querySelector(".study-prompt"), el.prompt, item);
    } else {
      el.title.textContent = format("none");
      el.prompt.replaceChildren();
    }
    renderAnswer(item);
    renderMark(item);
    renderStatus(cards, item);
    renderCounts(cards);
    if (item && window.history && window.history.replaceState) {
      // The address names the card, so a reload (or a bookmark) comes back to it.
      window.history.replaceState(null, "", "#study-" + encodeURIComponent(item.id));
    }

    [el.reveal, el.prev, el.next, el.known, el.again].forEach(function (button) {
      if (button) {
        button.disabled = !item;
      }
    });
    if (el.shuffle) {
      el.shuffle.setAttribute("aria-pressed", state.shuffled ? "true" : "false");
    }
    // A link inside the old answer had focus and is gone now: land on the card, not on <body>.
    if (hadFocusInCard && !el.card.contains(document.activeElement)) {
      el.card.focus();
    }
  }

  function renderAnswer(item) {
    const shown = Boolean(item) && state.revealed;
    if (shown) {
      copyChildren(item.node.querySelector(".study-answer"), el.answer, item);
    } else {
      el.answer.replaceChildren();
    }
    el.card.classList.toggle("is-revealed", shown);
    el.reveal.setAttribute("aria-expanded", shown ? "true" : "false");
    el.reveal.textContent = format(shown ? "hide" : "reveal");
  }

  function renderMark(item) {
    const mark = item ? marks.get(item.id) : "";
    // The line stays in place when empty (site.css gives it a min-height), so marking a card
    // does not make the card jump.
    el.mark.textContent = mark ? format(mark) : "";
    el.mark.classList.toggle("is-known", mark === "known");
    el.mark.classList.toggle("is-again", mark === "again");
    [el.mark, el.card].forEach(function (node) {
      if (mark) {
        node.dataset.mark = mark;
      } else {
        delete node.dataset.mark;
      }
    });
  }

  // The status line is a live region: it says what changed (the action, then the position and
  // the new question's title, which sighted readers see on the card), nothing more, so a screen
  // reader does not repeat the counts at every card.
  function renderStatus(cards, item) {
    const parts = [state.note];
    if (cards.length) {
      parts.push(format("position", { n: state.index + 1, total: cards.length }));
    } else {
      parts.push(format("none"));
    }
    el.status.textContent = parts.filter(Boolean).join(" · ");
    if (item) {
      const title = document.createElement("span");
      title.className = "visually-hidden";
      title.textContent = " · " + el.title.textContent.trim();
      el.status.appendChild(title);
    }
    state.note = "";
  }

  function renderCounts(cards) {
    if (!el.counts) {
      return;
    }
    const ids = cards.map(function (item) { return item.id; });
    el.counts.textContent = cards.length
      ? format("counts", { known: marks.count("known", ids), again: marks.count("again", ids) })
      : "";
  }

  /* ---- actions ------------------------------------------------------------------------------ */

  function step(by) {
    const count = deck().length;
    if (!count) {
      return;
    }
    // Wrap around at both ends: a button never becomes disabled under the keyboard's focus.
    state.index = (state.index + by + count) % count;
    state.revealed = false;
    render();
  }

  function toggleAnswer() {
    if (!current()) {
      return;
    }
    state.revealed = !state.revealed;
    renderAnswer(current());
    if (state.revealed && el.answer.scrollIntoView) {
      el.answer.scrollIntoView({ block: "nearest" });
    }
  }

  function toggleShuffle() {
    const item = current();
    state.shuffled = !state.shuffled;
    state.order = state.shuffled ? shuffled(items) : items.slice();
    if (state.shuffled) {
      state.index = 0; // a new round starts at the top of the new order
    } else {
      moveTo(item);
    }
    state.revealed = false;
    state.note = format(state.shuffled ? "shuffled" : "in_order");
    render();
  }

  function mark(kind) {
    const item = current();
    if (!item) {
      return;
    }
    marks.set(item.id, kind);
    state.note = format(kind === "known" ? "marked_known" : "marked_again");
    step(1);
  }

  // Clearing every mark is the one action that loses work: ask first. Only the marks and the
  // counts are drawn again (a shown answer is not re-inserted, so it is not read out again).
  function resetMarks() {
    if (!window.confirm(format("confirm_reset"))) {
      return;
    }
    marks.clear();
    renderMark(current());
    renderCounts(deck());
    el.status.textContent = format("cleared");
  }

  function filterByTag() {
    const item = current();
    state.tag = el.tag.value;
    moveTo(item);
    state.revealed = false;
    render();
  }

  /* ---- keyboard ------------------------------------------------------------------------------- */

  // Controls that own Space, Enter and the arrow keys themselves.
  const OWN_KEYS = "button, a[href], input, select, textarea, summary, [contenteditable]";
  const TYPING = "input, select, textarea, [contenteditable]";
  const SCROLL_KEYS = [" ", "Spacebar", "Enter", "ArrowRight", "ArrowLeft"];

  function onKey(event) {
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return; // an input method is composing Chinese, or a browser shortcut
    }
    if (event.repeat) {
      return; // a held key must not mark or turn card after card
    }
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING)) {
      return;
    }
    // A code block or table that scrolls has the focus: the arrows and Space scroll it.
    if (target.closest("pre, table") && SCROLL_KEYS.indexOf(event.key) !== -1) {
      return;
    }
    const action = keyAction(event.key, Boolean(target.closest(OWN_KEYS)));
    if (action) {
      event.preventDefault(); // Space would scroll the page
      action();
    }
  }

  function keyAction(key, onControl) {
    switch (key) {
      case " ":
      case "Spacebar":
      case "Enter":
        return onControl ? null : toggleAnswer;
      case "ArrowRight":
        return function () { step(1); };
      case "ArrowLeft":
        return function () { step(-1); };
      default:
        break;
    }
    switch (key.length === 1 ? key.toLowerCase() : "") {
      case "s":
        return toggleShuffle;
      case "k":
        return function () { mark("known"); };
      case "a":
        return function () { mark("again"); };
      default:
        return null;
    }
  }

  /* ---- swipe ---------------------------------------------------------------------------------- */

  function swiped(dx, dy) {
    if (Math.abs(dx) >= SWIPE_MIN_PX && Math.abs(dx) > SWIPE_SLOPE * Math.abs(dy)) {
      step(dx < 0 ? 1 : -1); // finger moves left: the next card comes in from the right
    }
  }

  function listenForSwipes(target) {
    let start = null;
    // Let the browser scroll vertically but leave horizontal moves to us; without this a touch
    // pointer is cancelled as soon as the finger moves.
    target.style.touchAction = "pan-y";
    if (window.PointerEvent) {
      target.addEventListener("pointerdown", function (event) {
        // The mouse selects text; swiping is for fingers and pens.
        start = event.pointerType === "mouse" ? null : { x: event.clientX, y: event.clientY };
      });
      target.addEventListener("pointerup", function (event) {
        if (start) {
          swiped(event.clientX - start.x, event.clientY - start.y);
        }
        start = null;
      });
      target.addEventListener("pointercancel", function () { start = null; });
      return;
    }
    target.addEventListener("touchstart", function (event) {
      const touch = event.changedTouches[0];
      start = { x: touch.clientX, y: touch.clientY };
    }, { passive: true });
    target.addEventListener("touchend", function (event) {
      const touch = event.changedTouches[0];
      if (start) {
        swiped(touch.clientX - start.x, touch.clientY - start.y);
      }
      start = null;
    });
  }

  /* ---- start ------------------------------------------------------------------------------------ */

  function startingItem() {
    // study.html#study-<id> (or #<id>) opens on that question.
    const wanted = decodeURIComponent(window.location.hash.slice(1)).replace(/^study-/, "");
    return items.find(function (item) { return item.id === wanted; }) || null;
  }

  function start() {
    if (!items.length) {
      return; // nothing to study: leave the (empty) fallback list as it is
    }
    el.reveal.addEventListener("click", toggleAnswer);
    el.next.addEventListener("click", function () { step(1); });
    el.prev.addEventListener("click", function () { step(-1); });
    el.known.addEventListener("click", function () { mark("known"); });
    el.again.addEventListener("click", function () { mark("again"); });
    if (el.shuffle) {
      el.shuffle.addEventListener("click", toggleShuffle);
    }
    if (el.reset) {
      el.reset.addEventListener("click", resetMarks);
    }
    if (el.tag) {
      el.tag.addEventListener("change", filterByTag);
    }
    document.addEventListener("keydown", onKey);
    listenForSwipes(el.card);

    moveTo(startingItem());
    list.hidden = true;
    app.hidden = false;
    render();
  }

  start();
})();
