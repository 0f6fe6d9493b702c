// Reload the page when the project was rebuilt; the server counts rebuilds in /_vorschau/stand.
(function () {
  "use strict";
  var shown = document.body.getAttribute("data-version");
  function poll() {
    fetch("/_vorschau/stand", { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (state && String(state.version) !== shown) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 300);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 300);
})();
