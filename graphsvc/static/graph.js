/* Draws the citation graph from the JSON block #graph-data with vis-network.
 *
 * Node titles arrive HTML-escaped (as pyvis requires); they are decoded in an inert document and
 * shown with textContent, so no string from a document is ever parsed as markup here.
 * A click or tap on a node shows its card (label, title, type and level) with a button that opens the
 * document; a double click opens it directly. The node list below the graph selects nodes by keyboard.
 * Edge-type checkboxes hide or show edges. After the layout settles, nodes whose label would cover the
 * focus node are pushed away from it, so the focus node is never hidden.
 */
(function () {
  "use strict";

  function decodeEntities(escaped) {
    if (!escaped) { return ""; }
    var doc = new DOMParser().parseFromString(escaped, "text/html");
    return doc.documentElement.textContent || "";
  }

  function tooltip(text) {
    var box = document.createElement("div");
    box.className = "graph-tip";
    box.textContent = text;
    return box;
  }

  var dataBlock = document.getElementById("graph-data");
  var container = document.getElementById("network");
  if (!dataBlock || !container || typeof vis === "undefined") { return; }
  var data = JSON.parse(dataBlock.textContent);

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var copy = Object.assign({}, node);
    copy.title = tooltip(decodeEntities(node.title));
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge, i) {
    var copy = Object.assign({}, edge);
    copy.id = "e" + i;
    copy.title = tooltip(decodeEntities(edge.title));
    return copy;
  }));

  /* on a phone the legend starts folded, so the graph is in view */
  var legendBox = document.getElementById("graph-legend");
  if (legendBox && window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {
    legendBox.open = false;
  }

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.cpgraphNetwork = network;  /* for the browser tests and the console */
  window.cpgraphNodeCount = nodes.length;

  /* ---- keep every other node's label off the focus node */
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function grow(box, pad) {
    return { left: box.left - pad, right: box.right + pad, top: box.top - pad, bottom: box.bottom + pad };
  }
  /* A node's box (shape and label) relative to its centre: measured once, since vis only refreshes
   * bounding boxes when it draws, not when a node is moved. */
  function relativeBoxes() {
    var ids = nodes.getIds();
    var positions = network.getPositions(ids);
    var boxes = {};
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id), p = positions[id];
      boxes[id] = { left: b.left - p.x, right: b.right - p.x, top: b.top - p.y, bottom: b.bottom - p.y };
    });
    return boxes;
  }
  function at(rel, p) {
    return { left: p.x + rel.left, right: p.x + rel.right, top: p.y + rel.top, bottom: p.y + rel.bottom };
  }
  function clearFocus() {
    var focus = data.focus;
    if (!nodes.get(focus)) { return 0; }
    var boxes = relativeBoxes();
    var centre = network.getPositions([focus])[focus];
    var focusBox = grow(at(boxes[focus], centre), 6);
    var moved = 0;
    nodes.getIds().forEach(function (id) {
      if (id === focus) { return; }
      var p = network.getPositions([id])[id];
      var dx = p.x - centre.x, dy = p.y - centre.y;
      var len = Math.sqrt(dx * dx + dy * dy);
      if (len < 1) { dx = 0; dy = 1; len = 1; }
      var x = p.x, y = p.y, steps = 0;
      while (overlaps(at(boxes[id], { x: x, y: y }), focusBox) && steps < 200) {
        x += dx / len * 8;
        y += dy / len * 8;
        steps += 1;
      }
      if (steps) { network.moveNode(id, x, y); moved += 1; }
    });
    return moved;
  }

  function settled() {
    network.setOptions({ physics: false });
    window.cpgraphMoved = clearFocus();
    network.fit();
    document.body.setAttribute("data-graph-stable", "1");
  }

  network.once("afterDrawing", function () {
    document.body.setAttribute("data-graph-drawn", String(nodes.length));
    if (data.layout === "levels") { settled(); }
  });
  if (data.layout !== "levels") {
    network.once("stabilizationIterationsDone", settled);
  }

  /* ---- edge-type toggles */
  var toggles = document.querySelectorAll("#edge-toggles input[type=checkbox]");
  Array.prototype.forEach.call(toggles, function (box) {
    box.addEventListener("change", function () {
      var updates = edges.get({ filter: function (e) { return e.etype === box.value; } })
        .map(function (e) { return { id: e.id, hidden: !box.checked }; });
      edges.update(updates);
      document.body.setAttribute("data-hidden-edges",
        String(edges.get({ filter: function (e) { return e.hidden; } }).length));
    });
  });

  /* ---- the card: tap or click shows it; its button opens the document */
  var card = document.getElementById("graph-card");
  function showCard(id, moveFocus) {
    var node = nodes.get(id);
    if (!node) { return; }
    var info = document.getElementById("graph-selected");
    if (info) { info.textContent = node.label; }
    if (!card) {
      if (node.url) { window.location.assign(node.url); }
      return;
    }
    var c = node.card || { label: node.label, title: "", kind: "" };
    document.getElementById("card-label").textContent = c.label;
    document.getElementById("card-title").textContent = c.title;
    document.getElementById("card-kind").textContent = c.kind;
    var open = document.getElementById("card-open");
    if (node.url) { open.setAttribute("href", node.url); open.hidden = false; } else { open.hidden = true; }
    card.hidden = false;
    network.selectNodes([id]);
    if (moveFocus) { (node.url ? open : card).focus(); }
  }
  function hideCard() { if (card) { card.hidden = true; } }

  network.on("click", function (params) {
    if (!params.nodes || params.nodes.length === 0) { hideCard(); return; }
    showCard(params.nodes[0], false);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes || params.nodes.length === 0) { return; }
    var node = nodes.get(params.nodes[0]);
    if (node && node.url) { window.location.assign(node.url); }
  });
  var close = document.getElementById("card-close");
  if (close) { close.addEventListener("click", hideCard); }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hideCard(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.node-pick"), function (button) {
    button.addEventListener("click", function () {
      showCard(button.getAttribute("data-node"), true);
      network.focus(button.getAttribute("data-node"), { scale: 1.1 });
    });
  });
})();
