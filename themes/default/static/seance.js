// Capsule default theme: « Mode séance » on a training path's page. The page works without
// it (the steps one after the other, with links to the step before and after); with it, a
// trainer shows one step at a time, large, its prompt beside the video, and moves with the
// keyboard: ← and → (or the visible « Précédent » / « Suivant »), Space for the next step,
// Escape to leave. Nothing here loads anything: the players stay click-to-load (site.js).
(function () {
  "use strict";

  var page = document.querySelector("[data-path]");
  if (!page) return;
  var steps = Array.prototype.slice.call(page.querySelectorAll("[data-step]"));
  var bar = page.querySelector("[data-session-bar]");
  var toggle = page.querySelector("[data-session-toggle]");
  var status = page.querySelector("[data-session-status]");
  if (!steps.length || !bar || !toggle) return;

  var current = 0;
  var active = false;

  // Elements whose own keys must keep working: Space presses a button, follows nothing on a
  // link but is the player's own on a video; arrows move the caret in a text field.
  function ownsSpace(element) {
    return !!element.closest("a, button, input, select, textarea, summary, video, audio, iframe, [contenteditable], [role=button], [tabindex]:not([tabindex='-1'])");
  }
  function ownsArrows(element) {
    return !!element.closest("input, select, textarea, video, audio, iframe, [contenteditable]");
  }

  function stopPlayers(step) {
    step.querySelectorAll("[data-player]").forEach(function (player) {
      player.dispatchEvent(new CustomEvent("capsule:stop"));
    });
  }

  function announce(index) {
    var title = steps[index].querySelector(".step__title a");
    status.textContent = "Étape " + (index + 1) + " sur " + steps.length + (title ? " : " + title.textContent : "");
  }

  // Shows step `index` (from 0) alone, moves the focus to its heading and says which it is.
  function show(index, moveFocus) {
    if (index < 0 || index >= steps.length) return;
    if (index !== current) stopPlayers(steps[current]);
    current = index;
    steps.forEach(function (step, i) {
      step.classList.toggle("step--current", i === index);
    });
    if (history.replaceState) history.replaceState(null, "", "#" + steps[index].id);
    announce(index);
    if (moveFocus) steps[index].querySelector(".step__title").focus();
  }

  function start() {
    active = true;
    document.body.classList.add("session-mode");
    toggle.setAttribute("aria-pressed", "true");
    toggle.textContent = "Quitter le mode séance";
    var fromHash = steps.findIndex(function (step) { return "#" + step.id === location.hash; });
    show(fromHash >= 0 ? fromHash : 0, true);
  }

  function stop() {
    active = false;
    stopPlayers(steps[current]);
    document.body.classList.remove("session-mode");
    steps.forEach(function (step) { step.classList.remove("step--current"); });
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = "Mode séance";
    status.textContent = "Mode séance terminé.";
    steps[current].scrollIntoView();
    toggle.focus();
  }

  bar.hidden = false;
  toggle.addEventListener("click", function () {
    if (active) stop(); else start();
  });

  // The visible « Précédent » / « Suivant » links move within the session instead of
  // scrolling the page.
  page.addEventListener("click", function (event) {
    if (!active) return;
    var link = event.target.closest("[data-step-previous], [data-step-next]");
    if (!link) return;
    event.preventDefault();
    show(current + (link.hasAttribute("data-step-next") ? 1 : -1), true);
  });

  document.addEventListener("keydown", function (event) {
    if (!active || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target instanceof Element ? event.target : document.body;
    var move = 0;
    if (event.key === "ArrowRight" && !ownsArrows(target)) move = 1;
    else if (event.key === "ArrowLeft" && !ownsArrows(target)) move = -1;
    else if (event.key === " " && !ownsSpace(target)) move = event.shiftKey ? -1 : 1;
    else if (event.key === "Escape") {
      event.preventDefault();
      stop();
      return;
    }
    if (!move) return;
    event.preventDefault();
    show(current + move, true);
  });
})();
