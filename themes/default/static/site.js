// Capsule default theme: the click-to-load video player, and the lazy loading of the
// search client when a visitor starts typing in the header's search box.
(function () {
  "use strict";

  function startPlayer(player) {
    var kind = player.getAttribute("data-kind");
    var title = player.getAttribute("data-title") || "Vidéo";
    var media;
    if (kind === "file") {
      media = document.createElement("video");
      media.controls = true;
      media.autoplay = true;
      media.setAttribute("playsinline", "");
      var source = document.createElement("source");
      source.src = player.getAttribute("data-file");
      source.type = player.getAttribute("data-mime") || "";
      media.appendChild(source);
      var captions = player.getAttribute("data-captions");
      if (captions) {
        var track = document.createElement("track");
        track.kind = "captions";
        track.src = captions;
        track.srclang = "fr";
        track.label = "Français";
        track.default = true;
        media.appendChild(track);
      }
      media.setAttribute("aria-label", title);
    } else {
      media = document.createElement("iframe");
      media.src = player.getAttribute("data-embed");
      media.title = "Lecteur vidéo : " + title;
      media.allow = "autoplay; fullscreen; picture-in-picture";
      media.setAttribute("allowfullscreen", "");
      media.referrerPolicy = "strict-origin-when-cross-origin";
    }
    player.replaceChildren(media);
    player.classList.add("player--started");
    media.focus();
  }

  document.querySelectorAll("[data-player]").forEach(function (player) {
    var start = player.querySelector(".player__start");
    if (!start) return;
    start.setAttribute("role", "button");
    start.addEventListener("click", function (event) {
      event.preventDefault();
      startPlayer(player);
    });
    start.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        startPlayer(player);
      }
    });
    // Leaving a step of a session (seance.js) stops its video: the picture comes back.
    player.addEventListener("capsule:stop", function () {
      if (!player.classList.contains("player--started")) return;
      player.replaceChildren(start);
      player.classList.remove("player--started");
    });
  });

  // The search client is fetched only when someone uses the search box.
  var form = document.querySelector(".site-search");
  if (form && !document.getElementById("capsule-search")) {
    var input = form.querySelector("input");
    var load = function () {
      if (form.hasAttribute("data-loaded")) return;
      form.setAttribute("data-loaded", "");
      var src = form.getAttribute("data-client");
      if (!src) return;
      var script = document.createElement("script");
      script.type = "module";
      script.src = src;
      document.head.appendChild(script);
    };
    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", load, { once: true });
  }

  // "Copier le lien": shown only when JavaScript runs; copies the page's canonical address
  // (`data-copy`), or the text of the field `data-copy-from` names (the social kit's captions).
  document.querySelectorAll(".share__copy[data-copy], .share__copy[data-copy-from]").forEach(function (button) {
    if (!navigator.clipboard) return;
    var status = button.parentNode.querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy-from") || "");
      var text = field ? field.value : button.getAttribute("data-copy");
      navigator.clipboard.writeText(text).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied") || "Lien copié.";
      }, function () {
        if (status) status.textContent = "La copie a échoué : copiez l'adresse de la page.";
      });
    });
  });
})();
