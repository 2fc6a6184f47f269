// The casebook app in the browser: the learner id box on the start page, the id carried in
// every notebook link (?learner=...), and the learner bar on each notebook page.
// The kernel checks the id again (casebook/identity.py); this only helps the learner.
/* eslint-disable no-var */
var casebookApp = (function () {
  "use strict";
  var KEY = "casebook-learner";
  // Same rule as casebook.identity.LEARNER_RULE.
  var PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
  var RULE = "1-64 characters, each an ASCII letter, a digit, '.', '_', '-' or '@'";

  function hubUser(baseUrl) {
    // A JupyterHub single-user server lives under .../user/<name>/: the login is the id there.
    var match = /\/user\/([^/]+)\/$/.exec(baseUrl);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function stored() {
    try {
      var value = window.sessionStorage.getItem(KEY);
      return value && PATTERN.test(value) ? value : null;
    } catch (e) {
      return null;
    }
  }

  function store(value) {
    try {
      window.sessionStorage.setItem(KEY, value);
    } catch (e) {
      /* private mode: the links still carry the id */
    }
  }

  function problem(value) {
    if (!value) return "Enter your learner id first.";
    if (!PATTERN.test(value)) {
      return JSON.stringify(value) + " is not a valid learner id: use " + RULE + ".";
    }
    return "";
  }

  function withLearner(href, learner) {
    var url = new URL(href, window.location.href);
    if (learner) url.searchParams.set("learner", learner);
    return url.pathname + url.search + url.hash;
  }

  function startPage(baseUrl) {
    var hub = hubUser(baseUrl);
    var form = document.getElementById("learner-form");
    var input = document.getElementById("learner-id");
    var error = document.getElementById("learner-error");
    var current = document.getElementById("learner-current");
    var links = Array.prototype.slice.call(document.querySelectorAll(".casebook-notebook-link"));
    var learner = hub || stored();

    function show() {
      links.forEach(function (link) {
        link.href = withLearner(baseUrl + "voila/render/" + link.dataset.path, hub ? null : learner);
      });
      if (learner && !hub) {
        current.textContent = "Your answers are recorded as " + learner + ".";
      }
    }

    if (hub) {
      form.hidden = true;
      var who = document.querySelector(".casebook-hub-user");
      who.hidden = false;
      who.textContent = "Signed in as " + hub + ": your answers are recorded under your login.";
    } else if (learner) {
      input.value = learner;
    }
    show();

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      var bad = problem(value);
      error.textContent = bad;
      input.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad) {
        input.focus();
        return;
      }
      learner = value;
      store(value);
      show();
    });

    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (hub || learner) return;
        event.preventDefault();
        error.textContent = "Enter your learner id first, then open a notebook.";
        input.setAttribute("aria-invalid", "true");
        input.focus();
      });
    });
  }

  function notebookPage(baseUrl) {
    var hub = hubUser(baseUrl);
    var params = new URLSearchParams(window.location.search);
    var learner = params.get("learner");
    var bar = document.querySelector(".casebook-app-learner");
    if (!hub && !learner && stored()) {
      // Opened without the id (a bookmark, a link typed by hand): reload with it.
      window.location.replace(withLearner(window.location.href, stored()));
      return;
    }
    if (hub) {
      bar.textContent = "Signed in as " + hub + ": answers are recorded under your login.";
    } else if (learner && PATTERN.test(learner)) {
      store(learner);
      bar.textContent = "Learner id: " + learner + " (your answers are recorded under it)";
    } else if (learner) {
      bar.classList.add("casebook-app-warning");
      bar.textContent = problem(learner) + " Go back to all notebooks and enter your id again.";
    } else {
      bar.classList.add("casebook-app-warning");
      bar.textContent = "No learner id: go back to all notebooks and enter yours before answering.";
    }
    // Links between notebooks (in the prose) keep the id.
    document.addEventListener(
      "click",
      function (event) {
        var link = event.target.closest && event.target.closest("a[href]");
        if (!link || hub || !learner) return;
        var url = new URL(link.getAttribute("href"), window.location.href);
        if (url.origin !== window.location.origin || !/\.ipynb$/.test(url.pathname)) return;
        link.href = withLearner(url.href, learner);
      },
      true
    );
  }

  return { startPage: startPage, notebookPage: notebookPage, hubUser: hubUser };
})();
