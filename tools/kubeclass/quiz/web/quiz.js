/* kubeclass quiz pages: makes the generated question lists interactive and keeps the score.
 *
 * The page is plain HTML (div.kc-quiz > ol.kc-quiz__items > li.kc-quiz__item) written by
 * kubeclass/site/quizpages.py. This script only reads text from it and never writes
 * HTML strings: every node it adds is created with createElement/textContent, so glossary
 * text can't become markup. It talks to no other host and also works from file://.
 * Its stylesheet, quiz.css, is loaded in <head> and hides the answers kept in the page.
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
