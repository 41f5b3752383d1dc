/*
 * kubeclass search worker for Zensical: Zensical's own search worker, with glossary
 * names first.
 *
 * Zensical's worker scores title, text and path only and has no boost setting, so
 * "파드" lists PodSecurityStandards before Pod and "분리" misses 망분리. This wrapper
 * loads Zensical's worker unchanged and reorders the first page of its results: the
 * documents that kubeclassRanking (search-rank.js, put in front of this file by the build)
 * finds by name first, then Zensical's own results without them (on later pages too).
 * The names are the "kc" fields the build adds to Zensical's search index, so this works
 * the same offline from file:// (iframe-worker shim).
 *
 * Protocol of Zensical's worker (0.0.x): {type 0, data: index} sets up, {type 2, data:
 * state} asks ({input, page, filter}), {type 3, data: {items: [{id, matches}],
 * pagination}} answers (a page of ten; ``pagination.prev`` set on later pages), type 4 is
 * a failure. ``id`` is the position of the document in ``index.items``.
 */
(function () {
  "use strict";

  var ZENSICAL_WORKER = "__ZENSICAL_WORKER__";
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var pages = [];          // [{ref: document id, keys: [...], cho: "..."}]
  var asking = "";         // the query being answered (see the message listener)
  var firsts = {};         // ids put first for the current query (left out of later pages)

  // What a query asks, read before Zensical's worker parses it in place. With a tag
  // filter on, a page found by name may not carry the tag: then Zensical's ranking stays.
  function asked(state) {
    var filter = state.filter && state.filter.input && state.filter.input.data;
    var tagged = Boolean(filter && filter.operands && filter.operands.length);
    return typeof state.input === "string" && !tagged ? state.input : "";
  }

  function rerank(input, result) {
    var items = result.items || [];
    var later = result.pagination && result.pagination.prev !== undefined;
    if (!later) {
      firsts = {};
      var found = input ? kubeclassRanking.matches(pages, input) : [];
      if (!found.length) return result;
      var own = {};
      for (var i = 0; i < items.length; i++) own[items[i].id] = items[i];
      var first = found.map(function (f) {
        firsts[f.ref] = true;
        return own[f.ref] || { id: f.ref, matches: [] };
      });
      items = first.concat(items.filter(function (item) { return !firsts[item.id]; }));
    } else {
      items = items.filter(function (item) { return !firsts[item.id]; });
    }
    return Object.assign({}, result, { items: items });
  }

  // Registered before Zensical's handler, so this runs first on every message; Zensical
  // answers a query within its handler (its async function awaits nothing there). So
  // the answer belongs to the newest query — kept as text, as Zensical parses it in place.
  addEventListener("message", function (ev) {
    var message = ev.data || {};
    if (message.type === SETUP)
      pages = kubeclassRanking.pages(message.data.items || [], function (_, i) { return i; });
    if (message.type === QUERY) asking = asked(message.data || {});
  });

  var post = self.postMessage;
  self.postMessage = function (message, transfer) {
    if (message && message.type === RESULT) {
      try {
        message = { type: RESULT, data: rerank(asking, message.data) };
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
  importScripts(new URL(ZENSICAL_WORKER, here).href);
})();
