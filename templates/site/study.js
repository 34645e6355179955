/* cuebook study mode: a round of cards, answer first, then Again or Good.
 *
 * Reads the no-JavaScript fallback list (#study-list, one .study-item per question) that
 * study.html carries, hides it and drives the #study-app card instead. No libraries and no
 * network: the page must work offline and from file://. Every piece of UI text comes from the
 * #study-strings JSON, because a book may be Chinese or English.
 *
 * A round is the cards that pass the filters (tag; all, due today or not yet known), in book
 * or shuffled order. The answer comes first: grading does nothing until it is shown. Again puts
 * the card back AGAIN_GAP cards later in the same round; Good takes it out of the round. When
 * no card is left, a summary gives the counts and the Again cards, with "study these again".
 *
 * Across visits a Leitner schedule is kept in localStorage under cuebook:<slug>:schedule as
 * {"version": 1, "cards": {id: {"box": 1-5, "due": "YYYY-MM-DD", "last": "good"|"again"}}}.
 * Good moves a card up one box (at most 5) and makes it due BOX_DAYS[box] days after today;
 * Again puts it in box 1, due today, and the Good that follows a lapse keeps it in box 1. A card without a record is new, and due. "Due today"
 * means new or due on or before today's local date; "not yet known" means new or last graded
 * Again. The marks of earlier versions (cuebook:<slug>:marks, {id: "known"|"again"}) are
 * moved over once: both become box 1, due today (when a card was learnt is not known), with
 * "known" as last graded Good; the old key is then removed.
 * localStorage can throw (file:// in some browsers, private mode, storage full); the schedule
 * is then kept in memory for this visit only.
 *
 * study.html#ids=a,b starts a round of exactly those questions (the mock interview's "drill
 * these"); the filters and New round go back to the whole book.
 *
 * A multiple-choice question (a .choice-pick group in its prompt, the right letters in
 * data-key) is answered by picking: one option, or with several right letters (data-several)
 * a selection and Check. The pick is graded at once (right: Good, wrong: Again, in the
 * schedule), the right options are marked and the answer is shown; Next (or an arrow, or a
 * swipe) then takes the card out of the round or back later, as Good and Again do. Showing the
 * answer without picking marks the right options and leaves grading to the learner, as on any
 * card.
 */
(function () {
  "use strict";

  const SWIPE_MIN_PX = 50;
  // A swipe must be mostly sideways, so that scrolling a long answer does not turn the card.
  const SWIPE_SLOPE = 1.5;
  // An Again card comes back after this many other cards (sooner when fewer are left).
  const AGAIN_GAP = 3;
  // Days until a card in box n is due again, after a Good (index 0 is unused: new cards).
  const BOX_DAYS = [0, 1, 2, 4, 8, 16];
  const TOP_BOX = BOX_DAYS.length - 1;
  const DAY = /^\d{4}-\d{2}-\d{2}$/;

  const main = document.querySelector("main.study");
  const app = document.getElementById("study-app");
  const list = document.getElementById("study-list");
  if (!main || !app || !list) {
    return;
  }

  const el = {
    tag: document.getElementById("study-tag"),
    which: document.getElementById("study-which"),
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
    actions: document.getElementById("study-actions"),
    prev: document.getElementById("study-prev"),
    again: document.getElementById("study-again"),
    known: document.getElementById("study-known"),
    next: document.getElementById("study-next"),
    summary: document.getElementById("study-summary"),
    summaryTitle: document.getElementById("study-summary-title"),
    summaryCounts: document.getElementById("study-summary-counts"),
    summaryAgain: document.getElementById("study-summary-again"),
    againBlock: document.getElementById("study-summary-again-block"),
    repeat: document.getElementById("study-repeat"),
    restart: document.getElementById("study-restart"),
  };

  const slug = main.dataset.slug || "book";
  const strings = readStrings();
  const schedule = openSchedule("cuebook:" + slug + ":schedule", "cuebook:" + slug + ":marks");
  const items = Array.from(list.querySelectorAll(".study-item")).map(function (node) {
    return { id: node.dataset.id || node.id, tags: readTags(node), node: node };
  });

  const state = {
    order: items.slice(), // the whole book, in reading or shuffled order
    shuffled: false,
    tag: el.tag ? el.tag.value : "", // a reload may restore the selects' values
    which: el.which ? el.which.value : "",
    queue: [], // the cards still in this round; queue[pos] is on the card
    pos: 0,
    size: 0, // how many cards the round started with
    good: 0, // cards that left the round with Good
    again: [], // cards graded Again in this round, in the order they were
    revealed: false,
    picked: [], // the letters selected on a multiple-choice card
    judged: "", // "good" or "again" once its pick is checked (and graded)
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

  /* ---- days ------------------------------------------------------------------------------- */

  function dayOf(date) {
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function today() {
    return dayOf(new Date());
  }

  // Noon, so that a daylight-saving change never moves the date.
  function addDays(day, days) {
    const date = new Date(day + "T12:00:00");
    date.setDate(date.getDate() + days);
    return dayOf(date);
  }

  /* ---- the schedule ------------------------------------------------------------------------- */

  function cleanRecord(record) {
    if (!record || typeof record !== "object") {
      return null;
    }
    const box = Number(record.box);
    if (!(box >= 1 && box <= TOP_BOX && Math.floor(box) === box) || !DAY.test(String(record.due))) {
      return null;
    }
    return { box: box, due: String(record.due), last: record.last === "again" ? "again" : "good" };
  }

  // Text that is not JSON (edited by hand, cut short) reads as nothing, not as an error.
  function parsed(text) {
    try {
      return JSON.parse(text || "null");
    } catch (error) {
      return null;
    }
  }

  function readCards(text) {
    const saved = parsed(text);
    const cards = {};
    if (saved && saved.version === 1 && saved.cards && typeof saved.cards === "object") {
      Object.keys(saved.cards).forEach(function (id) {
        const record = cleanRecord(saved.cards[id]);
        if (record) {
          cards[id] = record;
        }
      });
    }
    return cards;
  }

  // {id: "known" | "again"}, the marks of earlier versions, as schedule records.
  function migrate(text) {
    const marks = parsed(text);
    const cards = {};
    if (marks && typeof marks === "object" && !Array.isArray(marks)) {
      Object.keys(marks).forEach(function (id) {
        if (marks[id] === "known" || marks[id] === "again") {
          cards[id] = { box: 1, due: today(), last: marks[id] === "known" ? "good" : "again" };
        }
      });
    }
    return cards;
  }

  function openSchedule(key, oldKey) {
    let cards = {};
    let storage = null;
    let migrated = false;
    try {
      storage = window.localStorage; // the getter itself throws when storage is blocked
      const text = storage.getItem(key);
      if (text !== null) {
        cards = readCards(text);
      } else if (storage.getItem(oldKey) !== null) {
        cards = migrate(storage.getItem(oldKey));
        migrated = true;
      }
    } catch (error) {
      storage = null;
    }
    function save() {
      if (!storage) {
        return;
      }
      try {
        if (Object.keys(cards).length) {
          storage.setItem(key, JSON.stringify({ version: 1, cards: cards }));
        } else {
          storage.removeItem(key);
        }
        storage.removeItem(oldKey); // written (or cleared) under the new key: the old one goes
      } catch (error) {
        storage = null; // full or revoked: carry on in memory
      }
    }
    if (migrated) {
      save();
    }
    return {
      record: function (id) {
        return Object.prototype.hasOwnProperty.call(cards, id) ? cards[id] : null;
      },
      grade: function (id, kind) {
        const old = this.record(id);
        if (kind === "again") {
          cards[id] = { box: 1, due: today(), last: "again" };
        } else {
          // Known again after a lapse: box 1 (tomorrow), not straight back up the boxes.
          const box = !old || old.last === "again" ? 1 : Math.min(old.box + 1, TOP_BOX);
          cards[id] = { box: box, due: addDays(today(), BOX_DAYS[box]), last: "good" };
        }
        save();
      },
      isDue: function (id) {
        const record = this.record(id);
        return !record || record.due <= today();
      },
      isKnown: function (id) {
        const record = this.record(id);
        return Boolean(record) && record.last === "good";
      },
      clear: function () {
        cards = {};
        save();
      },
    };
  }

  /* ---- the deck and the round ------------------------------------------------------------------ */

  function deck() {
    return state.order.filter(function (item) {
      if (state.tag && item.tags.indexOf(state.tag) === -1) {
        return false;
      }
      if (state.which === "due") {
        return schedule.isDue(item.id);
      }
      return state.which === "unknown" ? !schedule.isKnown(item.id) : true;
    });
  }

  function current() {
    return state.queue.length ? state.queue[Math.min(state.pos, state.queue.length - 1)] : null;
  }

  function roundOver() {
    return state.size > 0 && state.queue.length === 0;
  }

  // A new round of these cards, on `item` when it is one of them.
  function newRound(cards, item) {
    state.queue = cards.slice();
    state.size = cards.length;
    state.good = 0;
    state.again = [];
    state.pos = Math.max(0, item ? state.queue.indexOf(item) : 0);
    freshCard();
  }

  // A card comes up with its answer hidden and nothing picked.
  function freshCard() {
    state.revealed = false;
    state.picked = [];
    state.judged = "";
  }

  // The card on show becomes the head of the queue: the round is a circle (Next wraps), and
  // "later" for an Again card is counted from here.
  function rotateToCurrent() {
    state.queue = state.queue.slice(state.pos).concat(state.queue.slice(0, state.pos));
    state.pos = 0;
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

  /* ---- copying a question into the card ----------------------------------------------------- */

  // Copies in the card get this prefix on their ids (cards.js).
  const ID_PREFIX = "card-";

  function copyChildren(source, target, item) {
    window.cuebookCards.copyInto(source, target, item.node, ID_PREFIX);
  }

  /* ---- drawing ------------------------------------------------------------------------------- */

  function render() {
    const item = current();
    const over = roundOver();
    el.card.hidden = over;
    el.actions.hidden = over;
    el.summary.hidden = !over;
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
    renderStatus(item);
    renderCounts();
    if (over) {
      renderSummary();
    }
    if (item && window.history && window.history.replaceState) {
      // The address names the card, so a reload (or a bookmark) comes back to it.
      window.history.replaceState(null, "", "#study-" + encodeURIComponent(item.id));
    }
    [el.reveal, el.prev, el.next].forEach(function (button) { button.disabled = !item; });
    if (el.shuffle) {
      el.shuffle.setAttribute("aria-pressed", state.shuffled ? "true" : "false");
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
    // Grading waits for the answer: a card is never graded unseen (nor twice: a checked pick
    // has graded it).
    el.again.disabled = !shown || Boolean(state.judged);
    el.known.disabled = !shown || Boolean(state.judged);
    renderChoices();
  }

  /* ---- multiple choice -------------------------------------------------------------------- */

  function choiceGroup() {
    return el.prompt.querySelector(".choice-pick");
  }

  function rightLetters(group) {
    return (group.dataset.key || "").split(/[^A-Za-z]+/).filter(Boolean);
  }

  // "A, C" as the book's language lists letters ("A、C" in Chinese).
  function keyText(group) {
    const separator = typeof strings.key_separator === "string" ? strings.key_separator : ", ";
    return rightLetters(group).join(separator);
  }

  // The options as the card stands: open to a pick, selected (several right letters), or
  // locked once checked or once the answer is shown, the right ones marked in words.
  function renderChoices() {
    const group = choiceGroup();
    if (!group) {
      return;
    }
    const right = rightLetters(group);
    const several = group.dataset.several === "true";
    const locked = state.revealed || Boolean(state.judged);
    group.querySelectorAll("button.choice").forEach(function (button) {
      const letter = button.dataset.letter || "";
      const picked = state.picked.indexOf(letter) !== -1;
      const isRight = right.indexOf(letter) !== -1;
      button.disabled = false; // disabled in the page for readers without the script
      if (locked) {
        button.setAttribute("aria-disabled", "true");
        button.removeAttribute("aria-pressed");
      } else {
        button.removeAttribute("aria-disabled");
        if (several) {
          button.setAttribute("aria-pressed", picked ? "true" : "false");
        }
      }
      const mark = !locked ? "" : isRight ? (picked ? "mark_picked_right" : "mark_right")
        : picked ? "mark_picked_wrong" : "";
      button.classList.toggle("is-right", locked && isRight);
      button.classList.toggle("is-wrong", locked && picked && !isRight);
      const markNode = button.querySelector(".choice-mark");
      if (markNode) {
        markNode.textContent = mark ? format(mark) : "";
      }
    });
    const check = group.querySelector(".choice-check");
    if (check) {
      check.disabled = locked || state.picked.length === 0;
      check.hidden = locked;
    }
    const result = group.querySelector(".choice-result");
    if (result) {
      renderResult(result, group);
    }
  }

  // "✗ Wrong. The answer is A." and, below it, how the card was graded (which is why the
  // grading buttons are off: Next goes on).
  function renderResult(result, group) {
    const good = state.judged === "good";
    result.replaceChildren();
    result.classList.toggle("is-right", Boolean(state.judged) && good);
    result.classList.toggle("is-wrong", Boolean(state.judged) && !good);
    if (!state.judged) {
      return;
    }
    const verdict = document.createElement("span");
    verdict.className = "choice-verdict";
    verdict.textContent = format(good ? "choice_right" : "choice_wrong", { key: keyText(group) });
    const counted = document.createElement("span");
    counted.className = "choice-counted";
    counted.textContent = format(good ? "choice_counted_known" : "choice_counted_again");
    result.append(verdict, " ", counted);
  }

  function pick(letter) {
    const group = choiceGroup();
    if (!current() || !group || state.revealed || state.judged) {
      return;
    }
    if (group.dataset.several === "true") {
      const at = state.picked.indexOf(letter);
      if (at === -1) {
        state.picked.push(letter);
      } else {
        state.picked.splice(at, 1);
      }
      renderChoices();
      return;
    }
    state.picked = [letter];
    judge();
  }

  // Right when the pick is exactly the right letters. The schedule hears it at once (Good or
  // Again); the round hears it when the learner moves on (step).
  function judge() {
    const item = current();
    const group = choiceGroup();
    if (!item || !group || !state.picked.length || state.revealed || state.judged) {
      return;
    }
    const right = rightLetters(group);
    const ok = right.length === state.picked.length && right.every(function (letter) {
      return state.picked.indexOf(letter) !== -1;
    });
    state.judged = ok ? "good" : "again";
    schedule.grade(item.id, state.judged);
    state.revealed = true;
    state.note = format(ok ? "choice_right" : "choice_wrong", { key: keyText(group) });
    renderAnswer(item);
    renderMark(item);
    renderStatus(item);
    settleFocus();
    const result = group.querySelector(".choice-result");
    if (result && result.scrollIntoView) {
      result.scrollIntoView({ block: "nearest" });
    }
  }

  // Where the card stands in the schedule: new, again, or known (its box and next day).
  function renderMark(item) {
    const record = item ? schedule.record(item.id) : null;
    const mark = !item ? "" : !record ? "new" : record.last === "again" ? "again" : "known";
    // The line stays in place when empty (site.css gives it a min-height), so grading a card
    // does not make the card jump.
    el.mark.textContent = !mark ? "" : mark === "known"
      ? format("known_box", { box: record.box, due: record.due }) : format(mark);
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
  function renderStatus(item) {
    const parts = [state.note];
    if (item) {
      parts.push(format("position", { n: state.pos + 1, total: state.queue.length }));
    } else if (roundOver()) {
      parts.push(format("round_done"));
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

  function renderCounts() {
    el.counts.textContent = state.size
      ? format("counts", { left: state.queue.length, good: state.good, again: state.again.length })
      : "";
  }

  function titleOf(item) {
    const title = item.node.querySelector(".study-title");
    return title ? title.textContent.replace(/\s+/g, " ").trim() : item.id;
  }

  function renderSummary() {
    el.summaryCounts.textContent = format("summary", {
      total: state.size, good: state.size - state.again.length, again: state.again.length,
    });
    el.summaryAgain.replaceChildren();
    state.again.forEach(function (item) {
      const entry = document.createElement("li");
      const link = document.createElement("a");
      link.href = "index.html#" + encodeURIComponent(item.id); // the question on the reading page
      link.textContent = titleOf(item);
      entry.dataset.id = item.id;
      entry.appendChild(link);
      el.summaryAgain.appendChild(entry);
    });
    el.againBlock.hidden = state.again.length === 0;
    el.repeat.hidden = state.again.length === 0;
  }

  // After every action the keyboard is back on the card (or on the summary when the round is
  // over), so the next Space reveals the next answer and never presses a button again.
  function settleFocus() {
    const target = roundOver() ? el.summaryTitle : el.card;
    if (document.activeElement !== target) {
      target.focus({ preventScroll: roundOver() ? false : true });
    }
    if (!roundOver() && el.card.getBoundingClientRect().top < 0) {
      el.card.scrollIntoView({ block: "start" });
    }
  }

  /* ---- actions ------------------------------------------------------------------------------ */

  function step(by) {
    const count = state.queue.length;
    if (!count) {
      return;
    }
    if (state.judged) {
      // A checked pick leaves the round as its grade says, then the card before or after.
      moveOn(current(), state.judged);
      if (by < 0) {
        state.pos = Math.max(0, state.queue.length - 1);
      }
    } else {
      state.pos = (state.pos + by + count) % count;
    }
    freshCard();
    render();
    settleFocus();
  }

  function toggleAnswer() {
    if (!current()) {
      return;
    }
    state.revealed = !state.revealed;
    renderAnswer(current());
    settleFocus();
    if (state.revealed && el.answer.scrollIntoView) {
      el.answer.scrollIntoView({ block: "nearest" });
    }
  }

  function reveal() {
    if (!state.revealed) {
      toggleAnswer();
    }
  }

  function grade(kind) {
    const item = current();
    if (!item || !state.revealed || state.judged) {
      return; // the answer first, and a checked pick has graded the card already
    }
    schedule.grade(item.id, kind);
    moveOn(item, kind);
    state.note = format(kind === "again" ? "marked_again" : "marked_known");
    freshCard();
    render();
    settleFocus();
  }

  // The graded card leaves the round (Good) or comes back AGAIN_GAP cards later (Again).
  function moveOn(item, kind) {
    rotateToCurrent();
    state.queue.shift();
    if (kind === "again") {
      if (state.again.indexOf(item) === -1) {
        state.again.push(item);
      }
      state.queue.splice(Math.min(AGAIN_GAP, state.queue.length), 0, item);
    } else {
      state.good += 1;
    }
  }

  function toggleShuffle() {
    const item = current();
    state.shuffled = !state.shuffled;
    state.order = state.shuffled ? shuffled(items) : items.slice();
    // The cards left in this round, in the new order; a shuffle starts at its top.
    const left = new Set(state.queue);
    state.queue = state.order.filter(function (card) { return left.has(card); });
    state.pos = state.shuffled ? 0 : Math.max(0, state.queue.indexOf(item));
    freshCard();
    state.note = format(state.shuffled ? "shuffled" : "in_order");
    render();
    settleFocus();
  }

  function startRound(cards, item) {
    newRound(cards, item);
    state.note = format("new_round");
    render();
    settleFocus();
  }

  // Clearing the schedule is the one action that loses work: ask first.
  function resetSchedule() {
    if (!window.confirm(format("confirm_reset"))) {
      return;
    }
    schedule.clear();
    newRound(deck(), current());
    state.note = format("cleared");
    render();
    settleFocus();
  }

  // A filter starts a new round of the cards it lets through; focus stays on the menu, where
  // the arrow keys may still be choosing.
  function filter() {
    const item = current();
    state.tag = el.tag ? el.tag.value : "";
    state.which = el.which ? el.which.value : "";
    newRound(deck(), item);
    render();
  }

  /* ---- keyboard ------------------------------------------------------------------------------- */

  // Controls that own Space, Enter and the arrow keys themselves.
  const OWN_KEYS = "button, a[href], input, select, textarea, summary, [contenteditable]";
  const TYPING = "input, select, textarea, [contenteditable]";
  // The card's own buttons, where Space is the study key rather than the button's.
  const CARD_CONTROLS = "#study-actions button, #study-reveal";
  const SCROLL_KEYS = [" ", "Spacebar", "Enter", "ArrowRight", "ArrowLeft"];

  function onKey(event) {
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return; // an input method is composing Chinese, or a browser shortcut
    }
    if (event.repeat) {
      return; // a held key must not grade or turn card after card
    }
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING)) {
      return;
    }
    // A code block or table that scrolls has the focus: the arrows and Space scroll it.
    if (target.closest("pre, table") && SCROLL_KEYS.indexOf(event.key) !== -1) {
      return;
    }
    const action = keyAction(event.key, target);
    if (action) {
      event.preventDefault(); // Space would scroll the page, or press the focused button
      action();
    }
  }

  // Space reveals a hidden answer from the card and from the card's buttons, and never grades:
  // on Again or Good it does nothing (Enter or a click grades there).
  function spaceAction(target) {
    const onControl = Boolean(target.closest(OWN_KEYS));
    if (!current() || (onControl && !target.closest(CARD_CONTROLS))) {
      return null;
    }
    if (!state.revealed) {
      return reveal;
    }
    if (target.closest("#study-again, #study-known")) {
      return function () {};
    }
    return onControl ? null : toggleAnswer;
  }

  function keyAction(key, target) {
    switch (key) {
      case " ":
      case "Spacebar":
        return spaceAction(target);
      case "Enter":
        return target.closest(OWN_KEYS) ? null : toggleAnswer;
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
      case "2":
        return function () { grade("good"); };
      case "a":
      case "1":
        return function () { grade("again"); };
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

  // study.html#ids=a,b (the mock interview's "drill these") studies exactly those questions.
  function wantedCards() {
    const hash = window.location.hash;
    if (hash.indexOf("#ids=") !== 0) {
      return null;
    }
    const ids = hash.slice(5).split(",").map(function (id) { return decodeURIComponent(id); });
    const cards = items.filter(function (item) { return ids.indexOf(item.id) !== -1; });
    return cards.length ? cards : null;
  }

  function start() {
    if (!items.length) {
      return; // nothing to study: leave the (empty) fallback list as it is
    }
    el.reveal.addEventListener("click", toggleAnswer);
    el.prompt.addEventListener("click", function (event) {
      const button = event.target instanceof Element
        ? event.target.closest("button.choice, button.choice-check") : null;
      if (!button || !el.prompt.contains(button)) {
        return;
      }
      if (button.classList.contains("choice-check")) {
        judge();
      } else {
        pick(button.dataset.letter || "");
      }
    });
    el.next.addEventListener("click", function () { step(1); });
    el.prev.addEventListener("click", function () { step(-1); });
    el.known.addEventListener("click", function () { grade("good"); });
    el.again.addEventListener("click", function () { grade("again"); });
    el.repeat.addEventListener("click", function () { startRound(state.again.slice(), null); });
    el.restart.addEventListener("click", function () { startRound(deck(), null); });
    if (el.shuffle) {
      el.shuffle.addEventListener("click", toggleShuffle);
    }
    if (el.reset) {
      el.reset.addEventListener("click", resetSchedule);
    }
    [el.tag, el.which].forEach(function (menu) {
      if (menu) {
        menu.addEventListener("change", filter);
      }
    });
    document.addEventListener("keydown", onKey);
    listenForSwipes(el.card);

    const wanted = wantedCards();
    newRound(wanted || deck(), wanted ? null : startingItem());
    list.hidden = true;
    app.hidden = false;
    render();
  }

  start();
})();
