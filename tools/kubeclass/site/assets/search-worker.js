/*
 * kubeclass search worker: Material for MkDocs' own lunr worker, with glossary names first.
 *
 * lunr only matches word prefixes and ranks by word statistics: this wrapper loads
 * Material's worker unchanged and reorders its results — the pages that
 * kubeclassRanking (search-rank.js, put in front of this file by the build) finds by
 * name first, followed by lunr's own results. The names come from the search index
 * itself, so this works the same offline from file:// (iframe-worker shim).
 */
(function () {
  "use strict";

  var MATERIAL_WORKER = "__MATERIAL_WORKER__";
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var pages = [];          // [{ref: location, keys: [...], cho: "..."}]
  var docs = {};           // location -> search document (for pages lunr did not return)
  var queries = [];        // queries sent to Material's worker, answered in order

  function setup(index) {
    docs = {};
    for (var i = 0; i < index.docs.length; i++) docs[index.docs[i].location] = index.docs[i];
    pages = kubeclassRanking.pages(index.docs, function (doc) { return doc.location; });
  }

  function rerank(query, result) {
    var found = kubeclassRanking.matches(pages, query);
    if (!found.length) return result;
    var groups = result.items || [];
    var byLocation = {};
    var top = 0;
    for (var g = 0; g < groups.length; g++) {
      for (var d = 0; d < groups[g].length; d++) {
        if (groups[g][d].location.indexOf("#") < 0) byLocation[groups[g][d].location] = g;
        top = Math.max(top, groups[g][d].score);
      }
    }
    var first = [], used = {};
    for (var f = 0; f < found.length; f++) {
      var location = found[f].ref, group;
      if (location in byLocation) {
        group = groups[byLocation[location]];
        used[byLocation[location]] = true;
      } else if (docs[location]) {
        group = [Object.assign({}, docs[location], { terms: {} })];
      } else {
        continue;
      }
      // Material's Enter key opens the highest data-md-score: keep scores in our order.
      var boosted = top + found[f].score * (found.length - f);
      group = group.map(function (item, i) {
        return Object.assign({}, item, { score: i === 0 ? boosted : Math.min(item.score, boosted) });
      });
      first.push(group);
    }
    var rest = groups.filter(function (_, i) { return !used[i]; });
    return Object.assign({}, result, { items: first.concat(rest) });
  }

  // Remember queries before Material's listener (registered later) answers them.
  addEventListener("message", function (ev) {
    var message = ev.data || {};
    if (message.type === SETUP) setup(message.data);
    if (message.type === QUERY) queries.push(message.data);
  });

  var post = self.postMessage;
  self.postMessage = function (message, transfer) {
    if (message && message.type === RESULT && queries.length) {
      try {
        message = { type: RESULT, data: rerank(queries.shift(), message.data) };
      } catch (err) {
        console.warn("kubeclass search: ranking failed", err);
      }
    }
    return transfer === undefined ? post.call(self, message) : post.call(self, message, transfer);
  };

  // Inside a real worker, relative URLs resolve against this script; inside the
  // iframe-worker shim (file://) they would resolve against the page, so be explicit.
  var here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href;
  importScripts(new URL(MATERIAL_WORKER, here).href);
})();
