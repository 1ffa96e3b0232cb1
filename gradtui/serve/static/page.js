// The terminal's websocket is on the host the page came from (the server may be bound to
// 0.0.0.0, a name the browser cannot reach), and the buttons start a new session. Runs
// before textual.js connects (on window load): this script is at the end of the body.
(function () {
  "use strict";
  const terminal = document.getElementById("terminal");
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";

  function restart() {
    const params = new URLSearchParams(window.location.search);
    params.delete("delay");
    const query = params.toString();
    window.location.href = window.location.pathname + (query ? "?" + query : "");
  }
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", restart);
  }
})();
