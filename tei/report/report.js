/* bitext report: navigation (next/previous finding or low-confidence link, keys n/p and N/P), filters, search,
   and corrections (right / wrong / merge / split) saved as a small JSON file (tei.corrections reads it).
   The page is complete without this script; it only adds tools. */
(function () {
  "use strict";
  var table = document.getElementById("bitext");
  if (!table) return;
  var config = JSON.parse(table.getAttribute("data-config"));
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr.link"));
  var position = {};
  rows.forEach(function (row, n) { position[row.id] = n; });
  var $ = function (id) { return document.getElementById(id); };
  var bar = $("toolbar");
  bar.hidden = false;
  document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px");

  var findingRows = rows.filter(function (r) { return r.hasAttribute("data-f"); });
  var lowRows = rows.filter(function (r) { return parseFloat(r.getAttribute("data-c")) < config.low; });
  var status = $("status");
  function say(text) { status.textContent = text; }

  // ------------------------------------------------------------------ selection
  var selected = null;
  function select(row, scroll) {
    if (selected) selected.classList.remove("sel");
    selected = row;
    if (!row) { refreshEdit(); return; }
    row.classList.add("sel");
    row.tabIndex = -1;                      // focusable, so screen readers follow the jump
    row.focus({preventScroll: true});
    if (scroll) {
      row.scrollIntoView({block: "center"});
      row.classList.remove("flash"); void row.offsetWidth; row.classList.add("flash");
    }
    refreshEdit();
  }
  table.addEventListener("click", function (event) {
    if (event.target.closest("a")) return;
    var row = event.target.closest("tr.link");
    if (row) select(row, false);
  });

  // ------------------------------------------------------------------ jumping
  var lastKind = findingRows.length ? "finding" : "low";
  function visible(row) { return !row.hidden; }
  function jump(kind, step) {
    lastKind = kind;
    var list = (kind === "finding" ? findingRows : lowRows).filter(visible);
    var label = kind === "finding" ? "finding" : "low-confidence link";
    if (!list.length) { say("no " + label + "s" + (filterActive() ? " among the rows shown" : "")); return; }
    var here = selected ? position[selected.id] : (step > 0 ? -1 : rows.length);
    var target = null, k;
    if (step > 0) { for (k = 0; k < list.length; k++) if (position[list[k].id] > here) { target = list[k]; break; } }
    else { for (k = list.length - 1; k >= 0; k--) if (position[list[k].id] < here) { target = list[k]; break; } }
    if (!target) target = step > 0 ? list[0] : list[list.length - 1];   // wrap around
    select(target, true);
    say(label + " " + (list.indexOf(target) + 1) + " of " + list.length + " (" + target.id + ")");
  }
  $("next-finding").addEventListener("click", function () { jump("finding", 1); });
  $("prev-finding").addEventListener("click", function () { jump("finding", -1); });
  $("next-low").addEventListener("click", function () { jump("low", 1); });
  $("prev-low").addEventListener("click", function () { jump("low", -1); });

  // ------------------------------------------------------------------ filter and search
  var filter = $("filter"), search = $("search");
  var checks = {};
  findingRows.forEach(function (r) { r.getAttribute("data-f").split(" ").forEach(function (c) { checks[c] = (checks[c] || 0) + 1; }); });
  function option(value, label) { var o = document.createElement("option"); o.value = value; o.textContent = label; filter.appendChild(o); }
  option("", "all rows (" + rows.length + ")");
  option("*finding", "rows with findings (" + findingRows.length + ")");
  Object.keys(checks).sort().forEach(function (c) { option("check:" + c, c + " (" + checks[c] + ")"); });
  option("*low", "confidence below " + config.low + " (" + lowRows.length + ")");
  option("*nm", "n-m links");
  option("*unaligned", "unaligned (1-0, 0-1)");
  option("*corrected", "corrected here");
  function filterActive() { return filter.value !== "" || search.value.trim() !== ""; }
  var texts = null;
  function rowText(n) {
    if (!texts) texts = rows.map(function (r) { return (r.cells[1].textContent + "\u0000" + r.cells[2].textContent).toLowerCase(); });
    return texts[n];
  }
  function matchesFilter(row) {
    var f = filter.value;
    if (!f) return true;
    if (f === "*finding") return row.hasAttribute("data-f");
    if (f === "*low") return parseFloat(row.getAttribute("data-c")) < config.low;
    if (f === "*nm") return row.classList.contains("nm");
    if (f === "*unaligned") return row.classList.contains("unaligned");
    if (f === "*corrected") return correctionOf(row.id) !== null;
    return (" " + (row.getAttribute("data-f") || "") + " ").indexOf(" " + f.slice(6) + " ") >= 0;
  }
  function applyFilter() {
    var needle = search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row, n) {
      var show = matchesFilter(row) && (!needle || rowText(n).indexOf(needle) >= 0);
      if (row.hidden === show) row.hidden = !show;
      if (show) shown++;
    });
    say(filterActive() ? shown + " of " + rows.length + " rows shown" : "");
  }
  filter.addEventListener("change", applyFilter);
  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilter, 150); });

  // ------------------------------------------------------------------ corrections
  var marks = {};      // link id -> "confirm" | "wrong"
  var merges = [];     // lists of consecutive link ids
  var splits = {};     // link id -> [src_at, tgt_at]
  function mergeOf(id) { for (var k = 0; k < merges.length; k++) if (merges[k].indexOf(id) >= 0) return k; return -1; }
  function correctionOf(id) {
    if (marks[id]) return marks[id];
    if (splits[id]) return "split";
    return mergeOf(id) >= 0 ? "merge" : null;
  }
  function clearRow(id) {
    delete marks[id]; delete splits[id];
    var k = mergeOf(id);
    if (k >= 0) { merges[k].forEach(paintLater); merges.splice(k, 1); }
  }
  var dirty = [];
  function paintLater(id) { dirty.push(id); }
  function paint() {
    dirty.forEach(function (id) {
      var row = $(id), what = correctionOf(id);
      ["x-ok", "x-wrong", "x-merge", "x-split"].forEach(function (c) { row.classList.remove(c); });
      if (what) row.classList.add({confirm: "x-ok", wrong: "x-wrong", merge: "x-merge", split: "x-split"}[what]);
      row.title = what ? "corrected: " + what : "";
    });
    dirty = [];
    $("n-corrections").textContent = list().length;
    refreshEdit();
    exportJson();
  }
  function sides(row) {
    var s = row.getAttribute("data-s"), t = row.getAttribute("data-t");
    return [s ? s.split(",").length : 0, t ? t.split(",").length : 0];
  }
  function mark(kind) {
    if (!selected) return;
    var id = selected.id;
    clearRow(id);
    marks[id] = kind;
    paintLater(id); paint();
    say(id + " marked " + (kind === "confirm" ? "right" : "wrong"));
  }
  function mergeNext() {
    if (!selected) return;
    var id = selected.id, k = mergeOf(id);
    var last = k >= 0 ? merges[k][merges[k].length - 1] : id;
    var next = rows[position[last] + 1];
    if (!next) { say("the last row has nothing to merge with"); return; }
    var group = k >= 0 ? merges[k] : [id];
    group.forEach(function (g) { delete marks[g]; delete splits[g]; });
    var j = mergeOf(next.id);
    var tail = j >= 0 ? merges[j] : [next.id];
    tail.forEach(function (g) { delete marks[g]; delete splits[g]; });
    var merged = group.concat(tail);
    merges = merges.filter(function (m) { return m !== group && m !== tail; });
    merges.push(merged);
    merges.sort(function (a, b) { return position[a[0]] - position[b[0]]; });
    merged.forEach(paintLater); paint();
    say("merged " + merged.join(" + "));
  }
  function fillSplit() {
    var n = sides(selected), src = $("split-src"), tgt = $("split-tgt");
    src.innerHTML = ""; tgt.innerHTML = "";
    for (var a = 0; a <= n[0]; a++) src.add(new Option(a + " of " + n[0], a));
    for (var b = 0; b <= n[1]; b++) tgt.add(new Option(b + " of " + n[1], b));
    // default: the first source sentence with the first target sentence (or with none, for a 1-1)
    src.value = Math.min(1, n[0]);
    tgt.value = n[0] + n[1] > 2 || n[0] === 0 ? Math.min(1, n[1]) : 0;
    if (n[0] === 1 && n[1] === 1) tgt.value = 0;
  }
  function applySplit() {
    if (!selected) return;
    var a = parseInt($("split-src").value, 10), b = parseInt($("split-tgt").value, 10), n = sides(selected);
    if (a + b === 0 || a + b === n[0] + n[1]) { say("a split must leave sentences on both parts"); return; }
    var id = selected.id;
    clearRow(id);
    splits[id] = [a, b];
    $("split-controls").hidden = true;
    paintLater(id); paint();
    say(id + " split after " + a + " source and " + b + " target sentences");
  }
  function undo() {
    if (!selected) return;
    var id = selected.id, k = mergeOf(id);
    if (k >= 0) merges[k].forEach(paintLater);
    clearRow(id);
    paintLater(id); paint();
    say("corrections on " + id + " undone");
  }
  function refreshEdit() {
    var has = !!selected;
    ["mark-ok", "mark-wrong", "merge-next", "undo"].forEach(function (b) { $(b).disabled = !has; });
    var n = has ? sides(selected) : [0, 0];
    $("split").disabled = !has || n[0] + n[1] < 2;
    $("undo").disabled = !has || !correctionOf(selected.id);
    $("selected").textContent = has ? "row " + selected.id + " (" + n[0] + "-" + n[1] + ")" : "no row selected";
    if (!has) $("split-controls").hidden = true;
  }
  $("mark-ok").addEventListener("click", function () { mark("confirm"); });
  $("mark-wrong").addEventListener("click", function () { mark("wrong"); });
  $("merge-next").addEventListener("click", mergeNext);
  $("split").addEventListener("click", function () {
    var c = $("split-controls"); c.hidden = !c.hidden; if (!c.hidden) fillSplit();
  });
  $("split-apply").addEventListener("click", applySplit);
  $("undo").addEventListener("click", undo);

  function list() {
    var out = [];
    rows.forEach(function (row) {
      var id = row.id, k = mergeOf(id);
      if (k >= 0) { if (merges[k][0] === id) out.push({op: "merge", links: merges[k].slice()}); return; }
      if (splits[id]) out.push({op: "split", link: id, src_at: splits[id][0], tgt_at: splits[id][1]});
      else if (marks[id]) out.push({op: marks[id], link: id});
    });
    return out;
  }
  function exportJson() {
    var data = {format: "bitext-corrections", version: 1, alignment: config.fingerprint, links: config.links,
                corrections: list()};
    var json = JSON.stringify(data, null, 1);
    $("corrections-json").value = json;
    return json;
  }
  var lastUrl = null;
  $("save").addEventListener("click", function () {
    var json = exportJson();
    var link = $("download");
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(new Blob([json], {type: "application/json"}));
    link.href = lastUrl;
    link.download = config.name + ".corrections.json";
    link.click();
    say("saved " + list().length + " corrections as " + link.download);
  });
  exportJson();
  refreshEdit();

  // ------------------------------------------------------------------ the plot: click a point, go to its row
  var plot = document.querySelector("svg.alignment-plot[data-area]");
  if (plot && plot.getScreenCTM) {
    var area = plot.getAttribute("data-area").split(" ").map(Number);   // x0 y0 width height n m
    var firstSrc = rows.map(function (r) { var s = r.getAttribute("data-s"); return s ? parseInt(s, 10) : -1; });
    var firstTgt = rows.map(function (r) { var t = r.getAttribute("data-t"); return t ? parseInt(t, 10) : -1; });
    plot.style.cursor = "crosshair";
    plot.addEventListener("click", function (event) {
      var point = plot.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      var p = point.matrixTransform(plot.getScreenCTM().inverse());
      var i = (p.x - area[0]) / area[2] * area[4], j = (p.y - area[1]) / area[3] * area[5];
      if (i < 0 || j < 0 || i > area[4] || j > area[5]) return;
      // the row nearest the clicked cell: its first sentence closest on both axes
      var best = -1, bestDistance = Infinity;
      for (var k = 0; k < rows.length; k++) {
        var di = firstSrc[k] < 0 ? 0 : Math.abs(firstSrc[k] + 0.5 - i);
        var dj = firstTgt[k] < 0 ? 0 : Math.abs(firstTgt[k] + 0.5 - j);
        var d = Math.max(di, dj);
        if (d < bestDistance) { bestDistance = d; best = k; }
      }
      if (best >= 0) { select(rows[best], true); say("row " + rows[best].id + " (from the plot)"); }
    });
  }

  // ------------------------------------------------------------------ keyboard
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (event.key === "Escape") t.blur();
      return;
    }
    var actions = {
      n: function () { jump(lastKind === "low" ? "low" : "finding", 1); },
      p: function () { jump(lastKind === "low" ? "low" : "finding", -1); },
      N: function () { jump(lastKind === "low" ? "finding" : "low", 1); },
      P: function () { jump(lastKind === "low" ? "finding" : "low", -1); },
      j: function () { step(1); }, k: function () { step(-1); },
      c: function () { mark("confirm"); }, w: function () { mark("wrong"); }, m: mergeNext, u: undo,
      s: function () { if (!$("split").disabled) $("split").click(); },
      "/": function () { search.focus(); }
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
  function step(delta) {
    var n = selected ? position[selected.id] : (delta > 0 ? -1 : rows.length);
    for (n += delta; n >= 0 && n < rows.length; n += delta) if (!rows[n].hidden) { select(rows[n], true); return; }
  }
})();
