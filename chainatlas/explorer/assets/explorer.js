/* chainatlas explorer: side panel, search, filters and candidate nodes around vis-network.
 * Every name is data: it reaches the page through textContent or vis-network's canvas and
 * plain-text tooltips, never through innerHTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("ca-data").textContent);
  var meta = data.meta;
  var W = meta.words;
  var details = data.details;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = null;      // made once the header (legend, filters) has its final height
  var candidateGaps = {};  // candidate node id -> {gap node id: true}
  var shownFor = {};       // gap node id -> true while its candidates are on the map
  var active = {};         // filter field -> {value: ticked}
  var current = null;      // node id shown in the panel

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fmt(x) { return (Math.round(x * 100) / 100).toString(); }

  // ---- legend and notes ---------------------------------------------------------------
  var legend = document.getElementById("ca-legend");
  meta.legend.forEach(function (item) {
    var row = el("div", null, "ca-legend-row");
    var sw = el("span", null, "ca-sw " + item.kind);
    if (item.kind === "dot" || item.kind === "box" || item.kind === "size") { sw.style.background = item.color; }
    row.appendChild(sw);
    if (item.kind === "size") { var sw2 = el("span", null, "ca-sw size"); sw2.style.background = item.color; row.appendChild(sw2); }
    row.appendChild(el("span", item.label));
    legend.appendChild(row);
  });
  var notes = document.getElementById("ca-notes");
  meta.notes.forEach(function (n) { notes.appendChild(el("div", n)); });
  if (meta.kind !== "chain") { document.getElementById("ca-cand-all-label").style.display = "none"; }

  // ---- filters ------------------------------------------------------------------------
  var filterBox = document.getElementById("ca-filters");
  meta.filters.forEach(function (group) {
    active[group.field] = {};
    var box = el("div", null, "ca-filter-group");
    box.appendChild(el("span", group.label));
    group.options.forEach(function (opt) {
      active[group.field][opt[0]] = true;
      var label = el("label", null, "ca-check");
      var input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.setAttribute("data-field", group.field);
      input.setAttribute("data-value", opt[0]);
      input.addEventListener("change", function () {
        active[group.field][opt[0]] = input.checked;
        applyFilters();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + opt[1]));
      box.appendChild(label);
    });
    filterBox.appendChild(box);
  });

  network = new vis.Network(document.getElementById("ca-network"),
    { nodes: nodes, edges: edges }, data.options);
  var moved = false;       // the reader has zoomed or dragged: keep their view on resize
  network.on("dragStart", function () { moved = true; });
  network.on("zoom", function () { moved = true; });
  network.on("resize", function () {  // after vis-network has set its own camera for the size
    if (!moved) { window.setTimeout(function () { if (!moved) { fitDrawing(); } }, 0); }
  });

  function passes(id) {
    var d = details[id];
    if (!d) { return true; }
    for (var field in active) {
      var v = d[field];
      if (v !== null && v !== undefined && active[field][v] === false) { return false; }
    }
    return true;
  }
  function visible(id) {
    var gaps = candidateGaps[id];
    if (gaps) { return Object.keys(gaps).some(passes); }
    return passes(id);
  }
  function applyFilters() {
    var updates = [];
    nodes.forEach(function (n) { updates.push({ id: n.id, hidden: !visible(n.id) }); });
    nodes.update(updates);
    report();
  }

  // ---- candidates as nodes --------------------------------------------------------------
  function candidateId(eid) { return "cand:" + eid; }
  function candidateTitle(c) {
    var lines = [c.name, W.score + " " + fmt(c.score)];
    c.factors.forEach(function (f) { lines.push((W["factor_" + f.name] || f.name) + " " + fmt(f.value) + ": " + f.evidence); });
    return lines.join("\n");
  }
  function showCandidates(gapId) {
    var d = details[gapId];
    var gap = nodes.get(gapId);
    if (!d || !gap || !d.candidates || !d.candidates.length) { return 0; }
    var newNodes = [], newEdges = [];
    d.candidates.forEach(function (c) {
      var cid = candidateId(c.enterprise_id);
      if (!candidateGaps[cid]) {
        candidateGaps[cid] = {};
        var node = Object.assign({}, data.candidateStyle, {
          id: cid, label: c.name + "\n" + fmt(c.score), title: candidateTitle(c),
          x: gap.x + c.dx, y: gap.y + c.dy
        });
        if (!nodes.get(cid)) { newNodes.push(node); }
        details[cid] = { id: c.enterprise_id, kind: "candidate", name: c.name, name_en: "",
          aliases: [], facts: [], candidates: [], local_firms: [], info: c };
      }
      candidateGaps[cid][gapId] = true;
      var eid = "cand:" + gapId + ">" + c.enterprise_id;
      if (!edges.get(eid)) {
        newEdges.push(Object.assign({}, data.candidateEdgeStyle, { id: eid, from: cid, to: gapId }));
      }
    });
    nodes.add(newNodes);
    edges.add(newEdges);
    shownFor[gapId] = true;
    applyFilters();
    if (current === gapId) { showDetail(gapId); }
    return d.candidates.length;
  }
  function hideCandidates(gapId) {
    var d = details[gapId];
    if (!d || !shownFor[gapId]) { return 0; }
    var gone = [];
    d.candidates.forEach(function (c) {
      var cid = candidateId(c.enterprise_id);
      edges.remove("cand:" + gapId + ">" + c.enterprise_id);
      if (candidateGaps[cid]) {
        delete candidateGaps[cid][gapId];
        if (!Object.keys(candidateGaps[cid]).length) {
          delete candidateGaps[cid];
          delete details[cid];
          gone.push(cid);
        }
      }
    });
    nodes.remove(gone);
    delete shownFor[gapId];
    report();
    if (current === gapId) { showDetail(gapId); }
    return d.candidates.length;
  }
  document.getElementById("ca-cand-all").addEventListener("change", function (ev) {
    var gaps = Object.keys(details).filter(function (id) {
      return details[id].kind === "segment" && details[id].coverage !== "strong";
    });
    gaps.forEach(function (id) {
      if (ev.target.checked) { showCandidates(id); } else { hideCandidates(id); }
    });
  });

  // ---- side panel ---------------------------------------------------------------------
  var panel = document.getElementById("ca-detail");
  function factsTable(facts) {
    var table = el("table", null, "ca-facts");
    facts.forEach(function (kv) {
      var tr = el("tr");
      tr.appendChild(el("td", kv[0]));
      tr.appendChild(el("td", kv[1]));
      table.appendChild(tr);
    });
    return table;
  }
  function candidateBox(c) {
    var box = el("div", null, "ca-cand");
    var head = el("div", null, "ca-cand-head");
    head.appendChild(el("span", c.name));
    head.appendChild(el("span", W.score + " " + fmt(c.score)));
    box.appendChild(head);
    var hq = c.hq_region_name ? c.hq_region_name + " (" + c.hq_region + ")" : c.hq_region;
    var extra = [hq ? W.hq + " " + hq : "", (c.lists || []).join(W.list_sep)].filter(Boolean);
    if (extra.length) { box.appendChild(el("div", extra.join(" · "), "ca-sub")); }
    if (c.dated) { box.appendChild(el("div", c.dated, "ca-sub ca-dated")); }
    var ul = el("ul", null, "ca-factors");
    c.factors.forEach(function (f) { ul.appendChild(el("li", (W["factor_" + f.name] || f.name) + " " + fmt(f.value) + " — " + f.evidence)); });
    box.appendChild(ul);
    return box;
  }
  function showDetail(id) {
    var d = details[id];
    current = id;
    clear(panel);
    if (!d) { return; }
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", d.name));
    if (d.name_en) { panel.appendChild(el("p", d.name_en, "ca-sub")); }
    var badges = el("p");
    if (d.coverage) { badges.appendChild(el("span", W["class_" + d.coverage], "ca-badge " + d.coverage)); }
    if (d.official) { badges.appendChild(el("span", W["official_" + d.official], "ca-badge official")); }
    if (badges.firstChild) { panel.appendChild(badges); }
    if (d.aliases && d.aliases.length) { panel.appendChild(el("p", W.aliases + d.aliases.join(W.list_sep), "ca-sub")); }
    if (d.facts && d.facts.length) { panel.appendChild(factsTable(d.facts)); }
    if (d.kind === "candidate") {
      panel.appendChild(candidateBox(d.info));
      panel.appendChild(el("h3", W.could_fill));
      var fills = el("ul", null, "ca-list");
      Object.keys(candidateGaps[id] || {}).forEach(function (g) { fills.appendChild(el("li", details[g].name)); });
      panel.appendChild(fills);
      return;
    }
    if (d.kind !== "segment") { return; }
    panel.appendChild(el("h3", W.local_firms + " (" + d.local_firms.length + ")"));
    if (d.local_firms.length) {
      var ul = el("ul", null, "ca-list ca-local");
      d.local_firms.forEach(function (f) {
        var via = f.via_project ? W.via_project + f.via_project : "";
        ul.appendChild(el("li", f.name + " (" + fmt(f.strength) + via + ")" + (f.dated ? " · " + f.dated : "")));
      });
      panel.appendChild(ul);
    } else {
      panel.appendChild(el("p", W.none, "ca-sub"));
    }
    var h = el("h3", W.candidates + " (" + d.candidates.length + ")");
    panel.appendChild(h);
    if (d.candidates.length) {
      var btn = el("button", shownFor[id] ? W.hide : W.show, "ca-btn");
      btn.id = "ca-toggle-candidates";
      btn.addEventListener("click", function () { if (shownFor[id]) { hideCandidates(id); } else { showCandidates(id); } });
      panel.appendChild(btn);
      var list = el("div", null, "ca-candidates");
      d.candidates.forEach(function (c) { list.appendChild(candidateBox(c)); });
      panel.appendChild(list);
    } else {
      panel.appendChild(el("p", W.none, "ca-sub"));
    }
  }
  function selectNode(id) {
    if (!nodes.get(id)) { return false; }
    network.selectNodes([id]);
    showDetail(id);
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetail(params.nodes[0]); }
  });

  // ---- search -------------------------------------------------------------------------
  var index = Object.keys(details).map(function (id) {
    var d = details[id];
    return { id: id, text: [d.name, d.name_en, d.id].concat(d.aliases || []).join("\n").toLowerCase() };
  });
  var results = document.getElementById("ca-results");
  function search(q) {
    q = (q || "").trim().toLowerCase();
    clear(results);
    if (!q) { network.unselectAll(); return []; }
    var hits = index.filter(function (r) { return r.text.indexOf(q) >= 0 && nodes.get(r.id); })
      .map(function (r) { return r.id; });
    hits.slice(0, 50).forEach(function (id) {
      var b = el("button", details[id].name, "ca-result");
      b.setAttribute("data-node", id);
      b.addEventListener("click", function () { focus(id); });
      results.appendChild(b);
    });
    if (!hits.length) { results.appendChild(el("div", W.no_match, "ca-sub")); }
    network.selectNodes(hits.filter(function (id) { return !nodes.get(id).hidden; }));
    return hits;
  }
  function focus(id) {
    if (!selectNode(id)) { return false; }
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    return true;
  }
  var searchBox = document.getElementById("ca-search");
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = search(searchBox.value); if (hits.length) { focus(hits[0]); } }
  });

  // ---- geometry: each shown node's dot and label box in page pixels (for tests) ----------
  function domBox(left, top, width, height) {
    var a = network.canvasToDOM({ x: left, y: top });
    var b = network.canvasToDOM({ x: left + width, y: top + height });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }
  // Fit every dot and label (vis-network's own fit ignores labels below the dots) with a
  // margin, never zooming in past 1, and centre the drawing in the canvas.
  function fitDrawing() {
    var canvas = document.querySelector("#ca-network canvas");
    var box = null;
    nodes.forEach(function (n) {
      var body = network.body.nodes[n.id];
      if (!body || n.hidden) { return; }
      var r = body.shape.options.size, lab = body.labelModule.size;
      var parts = [[body.x - r, body.y - r, body.x + r, body.y + r]];
      if (lab.width) { parts.push([lab.left, lab.top, lab.left + lab.width, lab.top + lab.height]); }
      parts.forEach(function (p) {
        box = box ? [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[2]), Math.max(box[3], p[3])] : p;
      });
    });
    if (!box || !canvas.clientWidth || !canvas.clientHeight) { network.fit({ animation: false }); return; }
    var w = Math.max(box[2] - box[0], 1), h = Math.max(box[3] - box[1], 1);
    var scale = Math.min(1, 0.94 * Math.min(canvas.clientWidth / w, canvas.clientHeight / h));
    network.moveTo({ position: { x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2 }, scale: scale, animation: false });
  }
  function geometry() {
    var canvas = document.querySelector("#ca-network canvas");
    var out = { width: canvas.clientWidth, height: canvas.clientHeight, scale: network.getScale(), nodes: [] };
    nodes.forEach(function (n) {
      var body = network.body.nodes[n.id];
      if (!body || n.hidden) { return; }
      var lab = body.labelModule.size, r = body.shape.options.size;
      out.nodes.push({
        id: n.id,
        label: lab.width ? domBox(lab.left, lab.top, lab.width, lab.height) : null,
        dot: domBox(body.x - r, body.y - r, 2 * r, 2 * r)
      });
    });
    return out;
  }

  // ---- the handle tests and notebooks use -------------------------------------------
  var api = {
    ready: false,
    meta: meta,
    network: network,
    select: selectNode,
    focus: focus,
    search: search,
    showCandidates: showCandidates,
    hideCandidates: hideCandidates,
    hiddenCount: function () { return nodes.get({ filter: function (n) { return n.hidden; } }).length; },
    domPosition: function (id) { return network.canvasToDOM(network.getPosition(id)); },
    fit: fitDrawing,
    geometry: geometry
  };
  function report() { api.nodes = nodes.length; api.edges = edges.length; }
  report();
  window.chainatlasView = api;
  if (window.location.hash === "#print") { document.body.classList.add("ca-print"); network.redraw(); }
  // The first drawing measures every label; fit and centre on those real boxes, then draw.
  network.once("afterDrawing", function () {
    network.once("afterDrawing", function () {
      api.ready = true;
      api.readyMs = Math.round(window.performance.now());
      document.body.setAttribute("data-ready", "1");
    });
    fitDrawing();
    network.redraw();
  });
})();
