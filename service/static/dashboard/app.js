// The dashboard shell: keeps the token the person pasted (this tab only) and loads the
// server-rendered fragment of the view in the address (#regio/CODE, #gemeente/CODE,
// #programma) with it. No inline script, no asset from elsewhere (CSP 'self').
"use strict";
(function () {
  const KEY = "voortgang.token";
  const main = document.getElementById("inhoud");
  const form = document.getElementById("aanmelden");
  const status = document.getElementById("status");

  function token() { return sessionStorage.getItem(KEY) || ""; }

  async function load() {
    const view = (location.hash || "#programma").slice(1);
    if (!token()) {
      form.hidden = false;
      main.textContent = "";
      status.textContent = "Niet aangemeld";
      return;
    }
    form.hidden = true;
    status.textContent = "Aangemeld";
    main.setAttribute("aria-busy", "true");
    const response = await fetch("/dashboard/fragment/" + view, {
      headers: { authorization: "Bearer " + token(), accept: "text/html" },
    });
    main.removeAttribute("aria-busy");
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      form.hidden = false;
      status.textContent = "Het token is niet (meer) geldig; meld u opnieuw aan";
      main.textContent = "";
      return;
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      main.textContent = "";
      const p = document.createElement("p");
      p.className = "melding";
      p.textContent = detail;
      main.appendChild(p);
      return;
    }
    main.innerHTML = await response.text();  // server-rendered and escaped by the service
    main.dataset.view = view;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const value = document.getElementById("token").value.trim().replace(/^Bearer\s+/i, "");
    if (value) { sessionStorage.setItem(KEY, value); }
    load();
  });
  document.getElementById("afmelden").addEventListener("click", function (event) {
    event.preventDefault();
    sessionStorage.removeItem(KEY);
    load();
  });
  window.addEventListener("hashchange", load);
  load();
})();
