/*
 * kubeclass search worker: Material for MkDocs' own lunr worker, with glossary names first.
 *
 * lunr only matches word prefixes, and it ranks a rare word that merely starts with the
 * query ("서비스메시" for "서비스") above the term whose name *is* the query. This wrapper
 * loads Material's worker unchanged and reorders its results: pages whose names (term
 * names, abbreviations, aliases; page titles) equal, start with or contain the query come
 * first — so "분리" finds 망분리 and "ㄱㅅㅎ" finds 가상화 — followed by lunr's own results.
 * The names come from the search index itself (the "kc" field written by the kubeclass
 * MkDocs plugin), so this works the same offline from file:// (iframe-worker shim).
 *
 * The scoring mirrors kubeclass.glossary.search: exact 100 (an English plural of a name
 * 96), prefix 70+, infix 50+, 초성 90/60+/40, minus 0.5 per position after the first names.
 */
(function () {
  "use strict";

  var MATERIAL_WORKER = "__MATERIAL_WORKER__";
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  var SEPARATORS = /[\s\-_./·・,]+/g;

  var pages = [];          // [{location, keys: [...], cho: "..."}]
  var docs = {};           // location -> search document (for pages lunr did not return)
  var queries = [];        // queries sent to Material's worker, answered in order

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().replace(SEPARATORS, "");
  }

  function isChoseong(text) {
    var stripped = text.replace(/\s+/g, "");
    if (!stripped) return false;
    for (var i = 0; i < stripped.length; i++)
      if (CHOSEONG.indexOf(stripped[i]) < 0) return false;
    return true;
  }

  // An English plural names the same thing: "pods" is Pod, not PodSecurityStandards.
  function singulars(key) {
    if (!/^[a-z0-9]+s$/.test(key)) return [];
    var out = [key.slice(0, -1)];
    if (/es$/.test(key)) out.push(key.slice(0, -2));
    return out;
  }

  function nameScore(key, keys) {
    var best = 0, singular = singulars(key);
    for (var i = 0; i < keys.length; i++) {
      var name = keys[i], bonus = -0.5 * Math.min(i, 4), ratio = key.length / name.length;
      if (name === key) best = Math.max(best, 100 + bonus);
      else if (singular.indexOf(name) >= 0) best = Math.max(best, 96 + bonus);
      else if (name.indexOf(key) === 0) best = Math.max(best, 70 + 10 * ratio + bonus);
      else if (key.length >= 2 && name.indexOf(key) > 0) best = Math.max(best, 50 + 10 * ratio + bonus);
    }
    return best;
  }

  function jamoScore(jamo, initials) {
    if (!initials) return 0;
    if (initials === jamo) return 90;
    if (initials.indexOf(jamo) === 0) return 60 + 10 * jamo.length / initials.length;
    if (initials.indexOf(jamo) > 0) return 40;
    return 0;
  }

  function setup(index) {
    pages = [];
    docs = {};
    for (var i = 0; i < index.docs.length; i++) {
      var doc = index.docs[i];
      docs[doc.location] = doc;
      if (doc.kc) pages.push({ location: doc.location, keys: doc.kc.k, cho: doc.kc.c || "" });
    }
  }

  function matches(query) {
    var key = normalize(query);
    var jamo = isChoseong(query) ? query.replace(/\s+/g, "") : "";
    var found = [];
    if (!key) return found;
    for (var i = 0; i < pages.length; i++) {
      var page = pages[i];
      var score = nameScore(key, page.keys);
      if (jamo) score = Math.max(score, jamoScore(jamo, page.cho));
      if (score > 0) found.push({ location: page.location, score: score, length: (page.keys[1] || page.keys[0] || "").length });
    }
    found.sort(function (a, b) { return b.score - a.score || a.length - b.length; });
    return found;
  }

  function rerank(query, result) {
    var found = matches(query);
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
      var location = found[f].location, group;
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
