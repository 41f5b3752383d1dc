/* kubeclass quiz pages: makes the generated question lists interactive and keeps the score.
 *
 * The page is plain HTML (div.kc-quiz > ol.kc-quiz__items > li.kc-quiz__item) written by
 * kubeclass/site/quizpages.py. This script only reads text from it and never writes
 * HTML strings: every node it adds is created with createElement/textContent, so glossary
 * text can't become markup. It talks to no other host and also works from file://.
 * Load it in <head>: the stylesheet goes in before the page is drawn (no flash of the
 * answers), and the questions become interactive once the document is parsed.
 */
(function () {
  "use strict";

  var TEXT = {
    check: "확인 · Check",
    right: "정답! · Correct",
    wrong: "오답 · Wrong",
    answer: "정답 · Answer: ",
    typed: "용어를 입력하세요 (한국어·영어·약어)",
    done: "다 풀었어요! · All done: ",
    again: "다시 풀기 · Try again"
  };

  // Every selector starts at .md-typeset .kc-quiz: Material's own list and form rules
  // (.md-typeset ol ol { list-style: lower-alpha } …) must not win.
  var Q = ".md-typeset .kc-quiz ";
  var CSS = [
    Q + ".kc-quiz__items{padding:0;margin:0;list-style:none}",
    Q + ".kc-quiz__item{list-style:none;margin:0 0 1.6em;padding:.8em 1em;border:1px solid var(--md-default-fg-color--lightest,#ddd);border-radius:.4em}",
    Q + ".kc-quiz__question{margin:0 0 .3em;color:var(--md-default-fg-color--light,#666);font-size:.85em}",
    Q + ".kc-quiz__prompt{margin:0 0 .6em;font-weight:700;word-break:keep-all}",
    Q + ".kc-quiz__options{list-style:none;margin:0;padding:0;counter-reset:kc-option}",
    Q + ".kc-quiz__options>li{list-style:none;margin:.3em 0;padding:0}",
    Q + ".kc-quiz__option button{display:block;width:100%;text-align:left;padding:.5em .8em;border:1px solid var(--md-default-fg-color--lighter,#bbb);border-radius:.3em;background:transparent;color:inherit;font:inherit;cursor:pointer;word-break:keep-all}",
    Q + ".kc-quiz__option button::before{counter-increment:kc-option;content:counter(kc-option) \") \";font-weight:700;color:var(--md-accent-fg-color,#00897b)}",
    Q + ".kc-quiz__option button:hover," + Q + ".kc-quiz__option button:focus-visible{border-color:var(--md-accent-fg-color,#00897b)}",
    Q + ".kc-quiz__option button:disabled{cursor:default}",
    Q + ".kc-quiz__option--chosen button{border-width:2px}",
    Q + ".kc-quiz--answered .kc-quiz__option--right button{border-color:#2e7d32;background:rgba(46,125,50,.12)}",
    Q + ".kc-quiz__option--chosen.kc-quiz__option--wrong button{border-color:#c62828;background:rgba(198,40,40,.12)}",
    Q + ".kc-quiz__accept," + Q + ".kc-quiz__solution{display:none}",
    Q + ".kc-quiz__form{display:flex;gap:.5em;flex-wrap:wrap}",
    Q + ".kc-quiz__form input{flex:1 1 16em;padding:.45em .6em;border:1px solid var(--md-default-fg-color--lighter,#bbb);border-radius:.3em;background:transparent;color:inherit;font:inherit}",
    Q + ".kc-quiz__form button," + Q + ".kc-quiz__again{padding:.45em 1em;border:1px solid var(--md-accent-fg-color,#00897b);border-radius:.3em;background:transparent;color:inherit;font:inherit;cursor:pointer}",
    Q + ".kc-quiz__verdict{margin:.6em 0 0;font-weight:700}",
    Q + ".kc-quiz--right .kc-quiz__verdict{color:#2e7d32}",
    Q + ".kc-quiz--wrong .kc-quiz__verdict{color:#c62828}",
    Q + ".kc-quiz__explain{display:none;margin-top:.4em;font-size:.9em}",
    Q + ".kc-quiz--answered .kc-quiz__explain{display:block}",
    Q + ".kc-quiz__explain p{margin:.3em 0}",
    Q + ".kc-quiz__score{position:sticky;top:3rem;z-index:1;padding:.4em .8em;border-radius:.3em;background:var(--md-default-bg-color,#fff);box-shadow:0 0 .3em rgba(0,0,0,.15)}",
    Q + ".kc-quiz__final{font-weight:700}"
  ].join("\n");

  function addStyle() {
    if (document.getElementById("kc-quiz-style")) { return; }
    var style = document.createElement("style");
    style.id = "kc-quiz-style";
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  // The same folding as kubeclass.korean.normalize: NFKC, case, separators.
  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\s\-_./·・,]+/g, "");
  }

  function Quiz(root) {
    this.root = root;
    this.items = Array.prototype.slice.call(root.querySelectorAll(".kc-quiz__item"));
    this.right = root.querySelector(".kc-quiz__right");
    this.answered = root.querySelector(".kc-quiz__answered");
    this.score = root.querySelector(".kc-quiz__score");
    this.items.forEach(this.prepare, this);
  }

  Quiz.prototype.prepare = function (item) {
    var quiz = this;
    var options = item.querySelectorAll(".kc-quiz__option");
    if (options.length) {
      Array.prototype.forEach.call(options, function (option, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("aria-label", (index + 1) + ". " + option.textContent);
        while (option.firstChild) { button.appendChild(option.firstChild); }
        option.appendChild(button);
        button.addEventListener("click", function () { quiz.choose(item, option); });
      });
    } else {
      var accepted = Array.prototype.map.call(
        item.querySelectorAll(".kc-quiz__accept li"), function (li) { return normalize(li.textContent); });
      var form = document.createElement("form");
      form.className = "kc-quiz__form";
      var input = document.createElement("input");
      input.type = "text";
      input.autocomplete = "off";
      input.setAttribute("aria-label", TEXT.typed);
      input.placeholder = TEXT.typed;
      var submit = document.createElement("button");
      submit.type = "submit";
      submit.textContent = TEXT.check;
      form.appendChild(input);
      form.appendChild(submit);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!input.value.trim()) { input.focus(); return; }
        quiz.finish(item, accepted.indexOf(normalize(input.value)) >= 0);
        input.disabled = true;
        submit.disabled = true;
      });
      item.querySelector(".kc-quiz__prompt").insertAdjacentElement("afterend", form);
    }
    var verdict = document.createElement("p");
    verdict.className = "kc-quiz__verdict";
    verdict.setAttribute("role", "status");
    item.querySelector(".kc-quiz__explain").insertAdjacentElement("beforebegin", verdict);
  };

  Quiz.prototype.choose = function (item, option) {
    if (item.classList.contains("kc-quiz--answered")) { return; }
    option.classList.add("kc-quiz__option--chosen");
    var right = option.classList.contains("kc-quiz__option--right");
    if (!right) { option.classList.add("kc-quiz__option--wrong"); }
    Array.prototype.forEach.call(item.querySelectorAll(".kc-quiz__option button"), function (b) {
      b.disabled = true;
    });
    this.finish(item, right);
  };

  Quiz.prototype.finish = function (item, right) {
    item.classList.add("kc-quiz--answered", right ? "kc-quiz--right" : "kc-quiz--wrong");
    var verdict = item.querySelector(".kc-quiz__verdict");
    verdict.textContent = right ? TEXT.right : TEXT.wrong;
    if (!right) {
      var solution = item.querySelector(".kc-quiz__option--right, .kc-quiz__solution");
      if (solution) { verdict.textContent += " — " + TEXT.answer + solution.textContent; }
    }
    this.update();
  };

  Quiz.prototype.update = function () {
    var answered = this.root.querySelectorAll(".kc-quiz--answered").length;
    var right = this.root.querySelectorAll(".kc-quiz--right").length;
    this.right.textContent = String(right);
    this.answered.textContent = String(answered);
    if (answered === this.items.length && !this.root.querySelector(".kc-quiz__final")) {
      var final = document.createElement("p");
      final.className = "kc-quiz__final";
      final.textContent = TEXT.done + right + " / " + this.items.length +
        " (" + Math.round(100 * right / this.items.length) + "%)";
      var again = document.createElement("button");
      again.type = "button";
      again.className = "kc-quiz__again";
      again.textContent = TEXT.again;
      again.addEventListener("click", function () { window.location.reload(); });
      this.root.appendChild(final);
      this.root.appendChild(again);
    }
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".kc-quiz"), function (root) {
      if (!root.kcQuiz) { root.kcQuiz = new Quiz(root); }
    });
  }

  addStyle();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
