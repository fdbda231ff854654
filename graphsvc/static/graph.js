/* Draws the citation graph from the JSON block #graph-data with vis-network.
 *
 * Node titles arrive HTML-escaped (as pyvis requires); they are decoded in an inert document and
 * shown with textContent, so no string from a document is ever parsed as markup here.
 * A click on a document node opens its page (the node's `url`, built by the server).
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

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.cpgraphNetwork = network;  /* for the browser tests and the console */
  window.cpgraphNodeCount = nodes.length;

  network.once("afterDrawing", function () {
    document.body.setAttribute("data-graph-drawn", String(nodes.length));
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    document.body.setAttribute("data-graph-stable", "1");
  });
  network.on("click", function (params) {
    if (!params.nodes || params.nodes.length === 0) { return; }
    var node = nodes.get(params.nodes[0]);
    var info = document.getElementById("graph-selected");
    if (info) { info.textContent = node.label; }
    if (node.url) { window.location.assign(node.url); }
  });
})();
