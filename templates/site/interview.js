/* cuebook mock interview: timed answers, key points to tick, a self-rating and a report.
 *
 * Reads the list interview.html carries (#iv-list, one .iv-item per question: its title, its
 * prompt, its key points derived at build time, its answer), hides it and drives the setup
 * form, the questions and the report instead. No libraries and no network: the page works
 * offline and from file://. Every word comes from the #interview-strings JSON.
 *
 * Setup: how many questions, which chapter, tag and difficulty, the seconds per answer (the
 * book's site.interview_seconds by default), in book order or shuffled. A question then comes
 * without its answer and with a clock counting down; past zero it counts the overtime
 * ("+0:12"), and the status line says once, politely, that the time is up. Enter ends the
 * answer (a pick ends a multiple-choice one): the key points are shown to tick (1-9), the
 * recording (if any) to play back, the full answer folded, and W / F / S rate the answer and go
 * on. The report gives each question's time, points covered and rating; the weakest tags and
 * chapters; the missed questions (rated "missed it", a wrong pick, or fewer than half the key
 * points) with a link that studies exactly those (study.html#ids=a,b) and the command that
 * prints their cue cards.
 *
 * Past interviews are kept in localStorage under cuebook:<slug>:interviews as {"version": 1,
 * "runs": [{"at": ISO time, "score": 0-100, "total": n, "missed": [ids]}]} (the newest last, at
 * most MAX_RUNS), so a report shows progress. Storage may throw (file:// in some browsers,
 * private mode): the runs are then kept for this visit only.
 *
 * Recording uses MediaRecorder on the microphone when the browser has both; the audio stays in
 * the page (a blob URL) and is dropped at the next question. Without them, or without
 * permission, the button is hidden or a note says so, and nothing else changes.
 */
(function () {
  "use strict";

  const MAX_RUNS = 20;
  const TICK_MS = 250;
  const RATING_VALUE = { weak: 0, fair: 0.5, strong: 1 };
  const RATING_KEYS = { w: "weak", f: "fair", s: "strong" };

  const main = document.querySelector("main.interview");
  const list = document.getElementById("iv-list");
  if (!main || !list) {
    return;
  }
  const $ = function (id) { return document.getElementById(id); };
  const el = {
    status: $("iv-status"), setup: $("iv-setup"), setupTitle: $("iv-setup-title"),
    form: $("iv-form"), count: $("iv-count"), seconds: $("iv-seconds"), chapter: $("iv-chapter"),
    tag: $("iv-tag"), difficulty: $("iv-difficulty"), shuffle: $("iv-shuffle"), none: $("iv-none"),
    history: $("iv-history"), historyNone: $("iv-history-none"),
    run: $("iv-run"), progress: $("iv-progress"), timer: $("iv-timer"), card: $("iv-card"),
    clockLabel: $("iv-clock-label"), title: $("iv-title"), prompt: $("iv-prompt"), record: $("iv-record"),
    recordNote: $("iv-record-note"), done: $("iv-done"), review: $("iv-review"),
    pointsTitle: $("iv-points-title"), pointsHint: $("iv-points-hint"), points: $("iv-points"),
    playbackBlock: $("iv-playback-block"), playback: $("iv-playback"),
    answerBlock: $("iv-answer-block"), answer: $("iv-answer"),
    report: $("iv-report"), reportTitle: $("iv-report-title"), summary: $("iv-report-summary"),
    results: document.querySelector("#iv-results tbody"), weak: $("iv-weak"),
    drill: $("iv-drill"), drillBlock: $("iv-drill-block"), drillNone: $("iv-drill-none"),
    command: $("iv-command"), copy: $("iv-copy"), reportHistory: $("iv-report-history"),
    again: $("iv-again"), clear: $("iv-clear"),
  };

  const slug = main.dataset.slug || "book";
  const strings = readJson(document.getElementById("interview-strings"), {});
  const store = openStore("cuebook:" + slug + ":interviews");
  const items = Array.from(list.querySelectorAll(".iv-item")).map(function (node) {
    return {
      id: node.dataset.id || "",
      node: node,
      tags: readJson({ textContent: node.dataset.tags || "[]" }, []),
      chapter: node.dataset.chapter || "",
      chapterTitle: node.dataset.chapterTitle || "",
      difficulty: node.dataset.difficulty || "",
      points: Array.from(node.querySelectorAll(".iv-item-points > li"), function (li) {
        return li.textContent.trim();
      }),
      choice: node.querySelector(".choice-pick"),
    };
  });
  const canRecord = Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
    window.MediaRecorder);

  const state = {
    phase: "setup", // setup | asking | review | report
    seconds: 120,
    questions: [],
    at: 0,
    started: 0, // when the question came up (ms)
    results: [], // one per question answered: {item, ms, ticked: [bool], picked, right, rating}
    timer: 0,
    announced: false,
    recorder: null,
    audioUrl: "",
  };

  /* ---- text ---------------------------------------------------------------------------- */

  function readJson(node, fallback) {
    try {
      const value = JSON.parse(node ? node.textContent : "");
      return value === null || value === undefined ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function format(key, values) {
    const template = typeof strings[key] === "string" ? strings[key] : "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values || {}, name) ? String(values[name]) : whole;
    });
  }

  function say(text) {
    el.status.textContent = text;
  }

  // 75 -> "1:15"
  function clock(totalSeconds) {
    const s = Math.max(0, Math.floor(totalSeconds));
    const rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* ---- past interviews ------------------------------------------------------------------ */

  function cleanRun(run) {
    if (!run || typeof run !== "object" || typeof run.at !== "string") {
      return null;
    }
    const score = Number(run.score);
    const total = Number(run.total);
    if (!(score >= 0 && score <= 100 && total >= 1)) {
      return null;
    }
    const missed = Array.isArray(run.missed) ? run.missed.map(String) : [];
    return { at: run.at, score: Math.round(score), total: Math.floor(total), missed: missed };
  }

  // An ISO time as the learner's own date and time, "2026-12-07 16:05".
  function localTime(iso) {
    const date = new Date(iso);
    if (isNaN(date.getTime())) {
      return iso;
    }
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function openStore(key) {
    let runs = [];
    let storage = null;
    try {
      storage = window.localStorage;
      const saved = readJson({ textContent: storage.getItem(key) || "null" }, null);
      if (saved && saved.version === 1 && Array.isArray(saved.runs)) {
        runs = saved.runs.map(cleanRun).filter(Boolean);
      }
    } catch (error) {
      storage = null;
    }
    function save() {
      if (!storage) {
        return;
      }
      try {
        if (runs.length) {
          storage.setItem(key, JSON.stringify({ version: 1, runs: runs }));
        } else {
          storage.removeItem(key);
        }
      } catch (error) {
        storage = null;
      }
    }
    return {
      runs: function () { return runs.slice(); },
      add: function (run) {
        runs.push(run);
        runs = runs.slice(-MAX_RUNS);
        save();
      },
      clear: function () {
        runs = [];
        save();
      },
    };
  }

  function renderHistory(target) {
    const runs = store.runs();
    target.replaceChildren();
    runs.slice().reverse().forEach(function (run, index, newestFirst) {
      const entry = document.createElement("li");
      const date = localTime(run.at);
      let text = format("history_item", { date: date, total: run.total, score: run.score });
      const before = newestFirst[index + 1];
      if (before) {
        const by = run.score - before.score;
        text = format("aside", { text: text, note: by > 0 ? format("better", { by: by })
          : by < 0 ? format("worse", { by: -by }) : format("same") });
      }
      entry.textContent = text;
      target.appendChild(entry);
    });
    return runs.length;
  }

  /* ---- copying a question into the card ------------------------------------------------------ */

  // Copies in the card get this prefix on their ids (cards.js).
  const ID_PREFIX = "iv-card-";

  function copyChildren(source, target, item) {
    window.cuebookCards.copyInto(source, target, item.node, ID_PREFIX);
  }

  /* ---- phases ---------------------------------------------------------------------------- */

  function show(phase) {
    state.phase = phase;
    el.setup.hidden = phase !== "setup";
    el.run.hidden = phase !== "asking" && phase !== "review";
    el.report.hidden = phase !== "report";
  }

  function focus(node) {
    if (node && document.activeElement !== node) {
      node.focus();
    }
  }

  function chosen() {
    const chapter = el.chapter ? el.chapter.value : "";
    const tag = el.tag ? el.tag.value : "";
    const difficulty = el.difficulty ? el.difficulty.value : "";
    let pool = items.filter(function (item) {
      return (!chapter || item.chapter === chapter) && (!tag || item.tags.indexOf(tag) !== -1) &&
        (!difficulty || item.difficulty === difficulty);
    });
    if (el.shuffle && el.shuffle.checked) {
      for (let i = pool.length - 1; i > 0; i -= 1) {
        const j = Math.floor(Math.random() * (i + 1));
        const swap = pool[i];
        pool[i] = pool[j];
        pool[j] = swap;
      }
    }
    const count = Math.max(1, Math.floor(Number(el.count.value) || pool.length));
    pool = pool.slice(0, count);
    return pool;
  }

  function showSetup(moveFocus) {
    stopClock();
    stopRecording();
    show("setup");
    el.none.hidden = true;
    el.historyNone.hidden = renderHistory(el.history) > 0;
    if (moveFocus !== false) {
      focus(el.setupTitle);
    }
  }

  function begin(event) {
    if (event) {
      event.preventDefault();
    }
    const questions = chosen();
    if (!questions.length) {
      el.none.hidden = false;
      say(format("none"));
      return;
    }
    state.seconds = Math.max(1, Math.floor(Number(el.seconds.value) || 120));
    state.questions = questions;
    state.results = [];
    state.at = 0;
    ask();
  }

  function current() {
    return state.questions[state.at];
  }

  function ask() {
    const item = current();
    dropRecording();
    show("asking");
    el.review.hidden = true;
    el.done.hidden = false;
    el.done.disabled = false;
    copyChildren(item.node.querySelector(".study-title"), el.title, item);
    copyChildren(item.node.querySelector(".study-prompt"), el.prompt, item);
    el.prompt.querySelectorAll("button.choice, button.choice-check").forEach(function (b) {
      b.disabled = false;
    });
    const progress = format("progress", { n: state.at + 1, total: state.questions.length });
    el.progress.textContent = progress;
    state.result = { item: item, ms: 0, ticked: item.points.map(function () { return false; }),
      picked: [], right: null, rating: "" };
    state.started = Date.now();
    state.announced = false;
    prepareRecording();
    startClock();
    say(progress + " · " + el.title.textContent.trim());
    focus(el.card);
  }

  /* ---- the clock ------------------------------------------------------------------------- */

  function elapsedMs() {
    return Date.now() - state.started;
  }

  function drawClock() {
    const left = state.seconds - elapsedMs() / 1000;
    const over = left < 0;
    el.timer.textContent = over ? "+" + clock(-left) : clock(Math.ceil(left));
    el.timer.classList.toggle("is-over", over);
    el.timer.dataset.over = over ? "true" : "false";
    el.clockLabel.textContent = format(over ? "overtime" : "clock");
    if (over && !state.announced) {
      state.announced = true;
      say(format("time_up"));
    }
  }

  function startClock() {
    stopClock();
    drawClock();
    state.timer = window.setInterval(drawClock, TICK_MS);
  }

  function stopClock() {
    if (state.timer) {
      window.clearInterval(state.timer);
      state.timer = 0;
    }
  }

  /* ---- recording --------------------------------------------------------------------------- */

  function prepareRecording() {
    el.record.hidden = !canRecord;
    el.record.disabled = false;
    el.record.setAttribute("aria-pressed", "false");
    el.record.textContent = format("record");
    el.recordNote.textContent = canRecord ? format("record_local") : format("no_record");
  }

  function toggleRecording() {
    if (!canRecord || state.phase !== "asking") {
      return;
    }
    if (state.recorder) {
      stopRecording();
      return;
    }
    el.record.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      if (state.phase !== "asking") {
        stream.getTracks().forEach(function (track) { track.stop(); });
        return;
      }
      const chunks = [];
      const recorder = new window.MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) {
          chunks.push(event.data);
        }
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        if (chunks.length) {
          dropRecording();
          state.audioUrl = URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType }));
          el.playback.src = state.audioUrl;
          el.playbackBlock.hidden = state.phase !== "review";
          el.recordNote.textContent = format("recorded");
        }
      });
      state.recorder = recorder;
      recorder.start();
      el.record.disabled = false;
      el.record.setAttribute("aria-pressed", "true");
      el.record.textContent = format("stop");
      el.recordNote.textContent = format("recording");
      say(format("recording"));
    }).catch(function () {
      el.record.disabled = true;
      el.recordNote.textContent = format("record_denied");
      say(format("record_denied"));
    });
  }

  function stopRecording() {
    if (state.recorder) {
      const recorder = state.recorder;
      state.recorder = null;
      if (recorder.state !== "inactive") {
        recorder.stop();
      }
      el.record.setAttribute("aria-pressed", "false");
      el.record.textContent = format("record");
    }
  }

  function dropRecording() {
    if (state.audioUrl) {
      URL.revokeObjectURL(state.audioUrl);
      state.audioUrl = "";
    }
    el.playback.removeAttribute("src");
    el.playbackBlock.hidden = true;
  }

  /* ---- answering and reviewing --------------------------------------------------------------- */

  function rightLetters(group) {
    return (group.dataset.key || "").split("").filter(Boolean);
  }

  function choiceGroup() {
    return el.prompt.querySelector(".choice-pick");
  }

  function pick(letter) {
    const group = choiceGroup();
    if (state.phase !== "asking" || !group || !letter) {
      return;
    }
    const picked = state.result.picked;
    if (group.dataset.several === "true") {
      const at = picked.indexOf(letter);
      if (at === -1) {
        picked.push(letter);
      } else {
        picked.splice(at, 1);
      }
      drawChoices(group, false);
      return;
    }
    state.result.picked = [letter];
    finish();
  }

  function judgeChoice(group) {
    const right = rightLetters(group);
    const picked = state.result.picked;
    state.result.right = right.length === picked.length && right.every(function (letter) {
      return picked.indexOf(letter) !== -1;
    });
  }

  function drawChoices(group, locked) {
    const right = rightLetters(group);
    const picked = state.result.picked;
    group.querySelectorAll("button.choice").forEach(function (button) {
      const letter = button.dataset.letter || "";
      const isPicked = picked.indexOf(letter) !== -1;
      const isRight = right.indexOf(letter) !== -1;
      button.setAttribute("aria-pressed", isPicked ? "true" : "false");
      button.disabled = locked;
      button.classList.toggle("is-picked", isPicked);
      button.classList.toggle("is-right", locked && isRight);
      button.classList.toggle("is-wrong", locked && isPicked && !isRight);
      const mark = button.querySelector(".choice-mark");
      if (mark) {
        mark.textContent = !locked ? "" : isPicked && isRight ? format("mark_picked_right")
          : isRight ? format("mark_right") : isPicked ? format("mark_picked_wrong") : "";
      }
    });
    const check = group.querySelector(".choice-check");
    if (check) {
      check.disabled = locked || picked.length === 0;
      check.hidden = locked;
    }
    const result = group.querySelector(".choice-result");
    if (result) {
      result.textContent = !locked ? "" : format(state.result.right ? "picked_right" : "picked_wrong",
        { key: right.join(format("key_separator")) });
      result.classList.toggle("is-right", locked && state.result.right === true);
      result.classList.toggle("is-wrong", locked && state.result.right === false);
    }
  }

  // The answer is over: the clock stops, the key points (or the pick's verdict) come up.
  function finish() {
    if (state.phase !== "asking") {
      return;
    }
    stopClock();
    stopRecording();
    state.result.ms = elapsedMs();
    drawClock();
    const item = current();
    const group = choiceGroup();
    if (group) {
      judgeChoice(group);
      drawChoices(group, true);
    }
    show("review");
    el.done.hidden = true;
    el.record.hidden = true;
    el.review.hidden = false;
    el.playbackBlock.hidden = !state.audioUrl;
    drawPoints(item);
    copyChildren(item.node.querySelector(".study-answer"), el.answer, item);
    el.answerBlock.open = Boolean(group) || !item.points.length;
    const verdict = group ? group.querySelector(".choice-result") : null;
    say(verdict && verdict.textContent ? verdict.textContent : format("points"));
    focus(el.pointsTitle);
  }

  function drawPoints(item) {
    el.points.replaceChildren();
    el.pointsTitle.hidden = !item.points.length && Boolean(item.choice);
    el.pointsHint.textContent = item.points.length ? format("points_hint")
      : item.choice ? "" : format("no_points");
    item.points.forEach(function (point, index) {
      const entry = document.createElement("li");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = "iv-point-" + (index + 1);
      box.checked = state.result.ticked[index];
      box.addEventListener("change", function () { tick(index, box.checked); });
      const label = document.createElement("label");
      label.htmlFor = box.id;
      const key = document.createElement("kbd");
      key.textContent = String(index + 1);
      label.append(key, " ", point);
      entry.append(box, " ", label);
      el.points.appendChild(entry);
    });
  }

  function tick(index, value) {
    const item = current();
    if (state.phase !== "review" || index >= item.points.length) {
      return;
    }
    state.result.ticked[index] = value;
    const box = document.getElementById("iv-point-" + (index + 1));
    if (box) {
      box.checked = value;
    }
    say(format(value ? "ticked" : "unticked", { point: item.points[index] }));
  }

  function rate(rating) {
    if (state.phase !== "review" || !Object.prototype.hasOwnProperty.call(RATING_VALUE, rating)) {
      return;
    }
    state.result.rating = rating;
    state.results.push(state.result);
    state.at += 1;
    if (state.at < state.questions.length) {
      ask();
    } else {
      report();
    }
  }

  /* ---- scores and the report --------------------------------------------------------------- */

  function covered(result) {
    return result.ticked.filter(Boolean).length;
  }

  // 0-1: the rating, with the points covered (or the pick) as much again.
  function score(result) {
    const rated = RATING_VALUE[result.rating] || 0;
    if (result.right !== null) {
      return (rated + (result.right ? 1 : 0)) / 2;
    }
    if (!result.ticked.length) {
      return rated;
    }
    return (rated + covered(result) / result.ticked.length) / 2;
  }

  function missed(result) {
    return result.rating === "weak" || result.right === false ||
      (result.ticked.length > 0 && covered(result) * 2 < result.ticked.length);
  }

  function percent(value) {
    return Math.round(value * 100);
  }

  // [{kind: "tag" | "chapter", name, score}], weakest first.
  function weakest(results) {
    const groups = new Map();
    function add(kind, name, value) {
      const key = kind + "\u0000" + name;
      const group = groups.get(key) || { kind: kind, name: name, sum: 0, n: 0 };
      group.sum += value;
      group.n += 1;
      groups.set(key, group);
    }
    results.forEach(function (result) {
      const value = score(result);
      result.item.tags.forEach(function (tag) { add("tag", tag, value); });
      if (result.item.chapterTitle) {
        add("chapter", result.item.chapterTitle, value);
      }
    });
    // An area every question belongs to (a book of one chapter) tells nothing apart.
    return Array.from(groups.values()).filter(function (g) {
      return g.n < results.length;
    }).map(function (g) {
      return { kind: g.kind, name: g.name, score: g.sum / g.n };
    }).sort(function (a, b) {
      return a.score - b.score || (a.kind === b.kind ? 0 : a.kind === "tag" ? -1 : 1);
    });
  }

  function cell(row, text, header) {
    const node = document.createElement(header ? "th" : "td");
    if (header) {
      node.scope = "row";
    }
    node.textContent = text;
    row.appendChild(node);
    return node;
  }

  function report() {
    stopClock();
    dropRecording();
    show("report");
    const results = state.results;
    const total = results.reduce(function (sum, r) { return sum + score(r); }, 0) / results.length;
    const lost = results.filter(missed);
    const ms = results.reduce(function (sum, r) { return sum + r.ms; }, 0);
    el.summary.textContent = format("report_summary", {
      total: results.length, score: percent(total), missed: lost.length, time: clock(ms / 1000),
    });
    el.results.replaceChildren();
    results.forEach(function (result) {
      const row = document.createElement("tr");
      row.dataset.id = result.item.id;
      row.classList.toggle("is-missed", missed(result));
      cell(row, result.item.node.querySelector(".study-title").textContent.replace(/\s+/g, " ").trim(), true);
      const seconds = result.ms / 1000;
      let time = clock(seconds);
      if (seconds >= state.seconds + 1) {
        time = format("aside", { text: time,
          note: format("over_by", { time: "+" + clock(seconds - state.seconds) }) });
      }
      cell(row, time).className = "iv-time";
      cell(row, result.right !== null ? format(result.right ? "pick_right" : "pick_wrong")
        : result.ticked.length ? covered(result) + " / " + result.ticked.length : "–").className = "iv-covered";
      cell(row, format(result.rating)).className = "iv-rated";
      el.results.appendChild(row);
    });
    el.weak.replaceChildren();
    const areas = weakest(results);
    const weak = areas.filter(function (area) { return area.score < 1; }).slice(0, 5);
    weak.forEach(function (area) {
      const entry = document.createElement("li");
      entry.dataset.kind = area.kind;
      entry.dataset.name = area.name;
      entry.textContent = format(area.kind === "tag" ? "weak_tag" : "weak_chapter",
        { name: area.name, score: percent(area.score) });
      el.weak.appendChild(entry);
    });
    if (!weak.length) {
      const entry = document.createElement("li");
      entry.textContent = format(areas.length ? "no_weak" : "no_areas");
      el.weak.appendChild(entry);
    }
    const ids = lost.map(function (r) { return r.item.id; });
    el.drillBlock.hidden = ids.length === 0;
    el.drillNone.hidden = ids.length > 0;
    el.drill.href = "study.html#ids=" + ids.map(encodeURIComponent).join(",");
    el.command.textContent = "cuebook --book " + slug + " --formats cards --ids " + ids.join(",");
    el.copy.hidden = !(navigator.clipboard && navigator.clipboard.writeText);
    store.add({ at: new Date().toISOString(), score: percent(total), total: results.length,
      missed: ids });
    renderHistory(el.reportHistory);
    say(format("titled", { title: format("report"), text: el.summary.textContent }));
    focus(el.reportTitle);
  }

  function copyCommand() {
    navigator.clipboard.writeText(el.command.textContent).then(function () {
      say(format("copied"));
    }, function () {});
  }

  function clearRuns() {
    if (!window.confirm(format("confirm_clear"))) {
      return;
    }
    store.clear();
    renderHistory(el.reportHistory);
    renderHistory(el.history);
    el.historyNone.hidden = false;
    say(format("cleared"));
  }

  /* ---- keyboard ------------------------------------------------------------------------------ */

  const TYPING = "input:not([type=checkbox]), select, textarea, [contenteditable]";
  const OWN_KEYS = "button, a[href], input, select, textarea, summary, audio, [contenteditable]";

  function onKey(event) {
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey ||
        event.metaKey || event.repeat) {
      return;
    }
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING)) {
      return;
    }
    const action = keyAction(event.key, target);
    if (action) {
      event.preventDefault();
      action();
    }
  }

  function keyAction(key, target) {
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (state.phase === "asking") {
      if (key === "Enter" && !target.closest(OWN_KEYS)) {
        return finish;
      }
      if (lower === "r") {
        return toggleRecording;
      }
      const group = choiceGroup();
      if (group && /^[1-9]$/.test(key)) {
        const button = group.querySelectorAll("button.choice")[Number(key) - 1];
        return button ? function () { pick(button.dataset.letter || ""); } : null;
      }
      return null;
    }
    if (state.phase === "review") {
      if (/^[1-9]$/.test(key)) {
        const index = Number(key) - 1;
        return index < current().points.length
          ? function () { tick(index, !state.result.ticked[index]); } : null;
      }
      if (Object.prototype.hasOwnProperty.call(RATING_KEYS, lower)) {
        return function () { rate(RATING_KEYS[lower]); };
      }
    }
    return null;
  }

  /* ---- start ------------------------------------------------------------------------------------ */

  function start() {
    if (!items.length) {
      return;
    }
    el.form.addEventListener("submit", begin);
    el.done.addEventListener("click", finish);
    el.record.addEventListener("click", toggleRecording);
    el.prompt.addEventListener("click", function (event) {
      const button = event.target instanceof Element
        ? event.target.closest("button.choice, button.choice-check") : null;
      if (!button || !el.prompt.contains(button)) {
        return;
      }
      if (button.classList.contains("choice-check")) {
        if (state.result.picked.length) {
          finish();
        }
      } else {
        pick(button.dataset.letter || "");
      }
    });
    el.review.addEventListener("click", function (event) {
      const button = event.target instanceof Element ? event.target.closest("button.iv-rating") : null;
      if (button) {
        rate(button.dataset.rating || "");
      }
    });
    el.again.addEventListener("click", showSetup);
    el.clear.addEventListener("click", clearRuns);
    el.copy.addEventListener("click", copyCommand);
    document.addEventListener("keydown", onKey);
    list.hidden = true;
    showSetup(false); // the page opens as pages do: focus is not moved
  }

  start();
})();
