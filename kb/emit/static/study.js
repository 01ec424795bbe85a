/* Study mode: due cards one at a time, scheduled with FSRS (static/fsrs.js), progress in localStorage.
 * Space reveals the answer; 1-4 rate Again / Hard / Good / Easy.
 */
(function () {
  "use strict";
  var KEY = "kb-study-v1";
  var LEARN_AHEAD = 20 * 60 * 1000;  // like Anki: learning cards due within 20 minutes may be shown early
  var data = window.KB_DATA || { notes: [], parts: [] };
  var cards = [].concat.apply([], data.parts);  // each note's card data script adds its cards as one part
  var scheduler = new FSRS.Scheduler();
  var preview = new FSRS.Scheduler({ enableFuzzing: false });
  var STATE_NAMES = { 1: "learning", 2: "review", 3: "relearning" };
  var titles = {};
  data.notes.forEach(function (n) { titles[n.file] = n.title; });

  var $ = function (id) { return document.getElementById(id); };
  var store = load();
  var current = null;

  function emptyStore() { return { format: "kb-study", version: 1, cards: {}, log: [] }; }

  function validStore(value) {
    return value && typeof value === "object" && value.cards && typeof value.cards === "object" &&
      Array.isArray(value.log);
  }

  function load() {
    try {
      var value = JSON.parse(localStorage.getItem(KEY) || "null");
      return validStore(value) ? value : emptyStore();
    } catch (e) {
      return emptyStore();
    }
  }

  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(store)); } catch (e) { $("io-status").textContent = "Could not save progress: " + e.message; }
  }

  function startOfToday(now) {
    var d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }

  function pool() {
    var note = $("s-note").value, tag = $("s-tag").value;
    return cards.filter(function (c) {
      return (!note || c.note === note) && (!tag || c.tags.indexOf(tag) !== -1);
    });
  }

  function newAllowance(now) {
    var limit = Math.max(0, parseInt($("s-new").value, 10) || 0);
    var today = startOfToday(now);
    var introduced = store.log.filter(function (e) { return e.first && e.at >= today; }).length;
    return Math.max(0, limit - introduced);
  }

  function tally(now) {
    var due = [], fresh = [], soon = [];
    pool().forEach(function (c) {
      var s = store.cards[c.id];
      if (!s) fresh.push(c);
      else if (s.due <= now) due.push(c);
      else if (s.state !== FSRS.State.Review && s.due <= now + LEARN_AHEAD) soon.push(c);
    });
    var byDue = function (a, b) { return store.cards[a.id].due - store.cards[b.id].due; };
    due.sort(byDue);
    soon.sort(byDue);
    return { due: due, fresh: fresh, soon: soon, allowance: newAllowance(now) };
  }

  function nextCard(t) {
    if (t.due.length) return t.due[0];
    if (t.fresh.length && t.allowance > 0) return t.fresh[0];
    if (t.soon.length) return t.soon[0];
    return null;
  }

  function showCounts(t, now) {
    var today = startOfToday(now);
    $("count-due").textContent = t.due.length;
    $("count-new").textContent = t.fresh.length;
    $("count-left").textContent = t.due.length + Math.min(t.fresh.length, t.allowance) + t.soon.length;
    $("count-done").textContent = store.log.filter(function (e) { return e.at >= today; }).length;
  }

  function human(ms) {
    var m = Math.round(ms / 60000);
    if (m < 60) return m + "m";
    var h = Math.round(m / 60);
    if (h < 24) return h + "h";
    var d = Math.round(ms / FSRS.DAY);
    if (d < 31) return d + "d";
    if (d < 365) return (d / 30).toFixed(1).replace(/\.0$/, "") + "mo";
    return (d / 365).toFixed(1).replace(/\.0$/, "") + "y";
  }

  /* Card HTML was sanitized at build time (kb/emit/html.py, nh3); everything else goes in as text. */
  function render() {
    var now = Date.now();
    var t = tally(now);
    showCounts(t, now);
    current = nextCard(t);
    $("study-card").hidden = !current;
    $("study-done").hidden = !!current;
    if (!current) return;
    var state = store.cards[current.id];
    $("study-q").innerHTML = current.q;
    $("study-a").innerHTML = current.a;
    $("study-q").lang = $("study-a").lang = current.lang;
    $("study-a").hidden = true;
    $("ratings").hidden = true;
    $("reveal").hidden = false;
    var where = $("study-where");
    where.textContent = "";
    var link = document.createElement("a");
    link.href = current.url;
    link.textContent = (titles[current.note] || current.note) + " · " + current.where;
    where.appendChild(link);
    $("study-state").textContent = state ? STATE_NAMES[state.state] : "new";
    var base = state || FSRS.newCard(now);
    Array.prototype.forEach.call($("ratings").querySelectorAll("button"), function (button) {
      var next = preview.review(base, Number(button.getAttribute("data-rating")), now);
      button.querySelector("small").textContent = human(next.due - now);
    });
  }

  function reveal() {
    if (!current || !$("study-a").hidden) return;
    $("study-a").hidden = false;
    $("ratings").hidden = false;
    $("reveal").hidden = true;
    $("ratings").querySelector(".good").focus();
  }

  function rate(rating) {
    if (!current || $("study-a").hidden) return;
    var now = Date.now();
    var before = store.cards[current.id];
    store.cards[current.id] = scheduler.review(before || FSRS.newCard(now), rating, now);
    store.log.push({ id: current.id, rating: rating, at: now, first: !before });
    save();
    render();
    if (current) $("reveal").focus();
  }

  function exportProgress() {
    var blob = new Blob([JSON.stringify(store, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "kb-progress.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    $("io-status").textContent = "Exported " + Object.keys(store.cards).length + " cards.";
  }

  /* An import merges: for each card the state with the later review wins; logs are united. */
  function importProgress(text) {
    var incoming;
    try { incoming = JSON.parse(text); } catch (e) { incoming = null; }
    if (!validStore(incoming)) {
      $("io-status").textContent = "That file is not kb study progress.";
      return;
    }
    var n = 0;
    Object.keys(incoming.cards).forEach(function (id) {
      var card = incoming.cards[id];
      if (!card || typeof card.due !== "number" || [1, 2, 3].indexOf(card.state) === -1) return;
      var mine = store.cards[id];
      if (!mine || (card.last_review || 0) > (mine.last_review || 0)) { store.cards[id] = card; n++; }
    });
    var seen = {};
    store.log.forEach(function (e) { seen[e.id + "@" + e.at] = true; });
    incoming.log.forEach(function (e) {
      if (e && typeof e.id === "string" && typeof e.at === "number" && !seen[e.id + "@" + e.at]) store.log.push(e);
    });
    store.log.sort(function (a, b) { return a.at - b.at; });
    save();
    $("io-status").textContent = "Imported " + n + " cards.";
    render();
  }

  function isTyping(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if ((e.key === " " || e.key === "Spacebar") && e.target.tagName !== "BUTTON" && e.target.tagName !== "A") {
      if (current && $("study-a").hidden) { e.preventDefault(); reveal(); }
    } else if (/^[1-4]$/.test(e.key)) {
      e.preventDefault();
      rate(Number(e.key));
    }
  });
  $("reveal").addEventListener("click", reveal);
  $("ratings").addEventListener("click", function (e) {
    var button = e.target.closest("button[data-rating]");
    if (button) rate(Number(button.getAttribute("data-rating")));
  });
  $("study-form").addEventListener("change", render);
  $("study-form").addEventListener("submit", function (e) { e.preventDefault(); });
  $("export").addEventListener("click", exportProgress);
  $("import").addEventListener("change", function () {
    var file = this.files && this.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { importProgress(String(reader.result)); };
    reader.readAsText(file);
    this.value = "";
  });
  $("reset").addEventListener("click", function () {
    if (!window.confirm("Forget the progress of every card in this browser?")) return;
    store = emptyStore();
    save();
    render();
  });
  /* Retired cards (their source is gone) are listed, never due; their progress stays in the store. */
  function showRetired() {
    Array.prototype.forEach.call(document.querySelectorAll("#retired-list li[data-card]"), function (li) {
      var state = store.cards[li.getAttribute("data-card")];
      li.querySelector(".retired-progress").textContent = state
        ? "· studied, " + STATE_NAMES[state.state] + ": your progress is kept"
        : "· never studied";
    });
  }

  window.addEventListener("storage", function (e) { if (e.key === KEY) { store = load(); render(); showRetired(); } });
  render();
  showRetired();
})();
