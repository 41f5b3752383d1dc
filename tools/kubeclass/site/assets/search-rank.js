/*
 * kubeclass search ranking: which pages a query names, best first. Shared by the search
 * worker wrappers of both site engines (search-worker.js for Material's lunr worker,
 * zensical-search-worker.js for Zensical's); the build puts this file in front of each.
 *
 * A search engine matches words and ranks a rare word that merely starts with the query
 * ("서비스메시" for "서비스") above the term whose name *is* the query. The names of each
 * page (term names, abbreviations, aliases; page titles) come from the "kc" field the
 * build writes into the search index (kubeclass.site.searchindex); pages whose names
 * equal, start with or contain the query come first — "분리" finds 망분리 and "ㄱㅅㅎ"
 * finds 가상화.
 *
 * The scoring mirrors kubeclass.glossary.search: exact 100 (an English plural of a name
 * 96), prefix 70+, infix 50+, 초성 90/60+/40, minus 0.5 per position after the first names.
 */
var kubeclassRanking = (function () {
  "use strict";

  var CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  var SEPARATORS = /[\s\-_./·・,]+/g;

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

  /* The named pages of a search index: [{ref, keys, cho}] from the documents that carry
   * a "kc" field; ``ref`` is whatever the engine's results name a document by. */
  function pages(documents, refOf) {
    var out = [];
    for (var i = 0; i < documents.length; i++) {
      var doc = documents[i];
      if (doc.kc) out.push({ ref: refOf(doc, i), keys: doc.kc.k, cho: doc.kc.c || "" });
    }
    return out;
  }

  /* The pages whose names match ``query``: [{ref, score}], best first. */
  function matches(named, query) {
    var key = normalize(query);
    var jamo = isChoseong(query) ? query.replace(/\s+/g, "") : "";
    var found = [];
    if (!key) return found;
    for (var i = 0; i < named.length; i++) {
      var page = named[i];
      var score = nameScore(key, page.keys);
      if (jamo) score = Math.max(score, jamoScore(jamo, page.cho));
      if (score > 0) found.push({ ref: page.ref, score: score, length: (page.keys[1] || page.keys[0] || "").length });
    }
    found.sort(function (a, b) { return b.score - a.score || a.length - b.length; });
    return found;
  }

  return { pages: pages, matches: matches };
})();
