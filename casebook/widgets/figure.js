// The course figure in the browser (casebook/widgets/figure.py): one plotly.js chart, updated
// in place with Plotly.react whenever the kernel sends a new figure.
//
// plotly.js (plotly.min.js of the installed plotly package) is asked from the kernel once per
// page, by a custom message, and kept on globalThis: a figure widget's own code stays a few
// kilobytes, whereas plotly's FigureWidget carries its 5 MB bundle in every widget's state and
// the page evaluates it again for each one.
//
// The chart is drawn at the width of its output area once it is attached to the page (a
// ResizeObserver; plotly's FigureWidget draws before that and falls back to 700 px, plotly.py
// issue 5208) and follows that width afterwards. After each draw the widget's element carries
// data-shown-to (the last day drawn), data-draws (how many draws) and data-draw-ms (how long
// Plotly.react took), for tests and the benchmark.

const KEY = Symbol.for("casebook.plotly.js");
const ASK_AGAIN_MS = 20000;

function plotlyLibrary(model) {
  let entry = globalThis[KEY];
  if (entry && (entry.plotly || Date.now() - entry.asked < ASK_AGAIN_MS)) {
    return entry.promise;
  }
  if (!entry) {
    entry = { plotly: null, asked: 0 };
    entry.promise = new Promise((resolve) => (entry.resolve = resolve));
    globalThis[KEY] = entry;
  }
  entry.asked = Date.now();
  const answer = (msg, buffers) => {
    if (!msg || msg.kind !== "plotly.js") return;
    model.off("msg:custom", answer);
    if (entry.plotly) return;
    const code = new TextDecoder().decode(buffers[0]);
    // plotly.min.js is a UMD bundle: given a CommonJS `module`, it exports Plotly there and
    // leaves the page's globals alone.
    const module = { exports: {} };
    new Function("module", "exports", code)(module, module.exports);
    entry.plotly = module.exports;
    entry.resolve(entry.plotly);
  };
  model.on("msg:custom", answer);
  model.send({ kind: "plotly.js?" });
  return entry.promise;
}

const CONFIG = {
  displaylogo: false,
  responsive: false, // the ResizeObserver below follows the output's width
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
};

function initialize({ model }) {
  plotlyLibrary(model); // ask early: the library is on its way before the first render
}

function render({ model, el }) {
  el.classList.add("casebook-figure");
  // Redrawing the chart lays out and paints this element only, not the notebook around it.
  el.style.contain = "layout paint style";
  const chart = document.createElement("div");
  chart.className = "casebook-figure-chart";
  el.appendChild(chart);
  let plotly = null;
  let width = 0;
  let drawing = false;
  let again = false;
  let disposed = false;
  let draws = 0;

  async function draw() {
    if (!plotly || disposed) return;
    if (el.clientWidth === 0) {
      width = 0; // hidden (a held first day): drawn when the ResizeObserver sees it again
      return;
    }
    if (drawing) {
      again = true;
      return;
    }
    drawing = true;
    try {
      do {
        again = false;
        const figure = model.get("figure") || {};
        const shownTo = model.get("shown_to");
        const layout = { ...(figure.layout || {}), width, autosize: false };
        const start = performance.now();
        await plotly.react(chart, figure.data || [], layout, CONFIG);
        el.dataset.drawMs = (performance.now() - start).toFixed(1);
        el.dataset.shownTo = shownTo === null || shownTo === undefined ? "" : String(shownTo);
        el.dataset.draws = String(++draws);
      } while (again && !disposed);
    } finally {
      drawing = false;
    }
  }

  const observer = new ResizeObserver(() => {
    const now = Math.round(el.clientWidth);
    if (now > 0 && now !== width) {
      width = now;
      draw();
    }
  });
  observer.observe(el);
  // A step sets figure and shown_to in one message: one draw for both.
  let queued = false;
  const changed = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      draw();
    });
  };
  model.on("change:figure", changed);
  model.on("change:shown_to", changed);
  plotlyLibrary(model).then((library) => {
    plotly = library;
    draw();
  });
  return () => {
    disposed = true;
    observer.disconnect();
    model.off("change:figure", changed);
    model.off("change:shown_to", changed);
    if (plotly) plotly.purge(chart);
  };
}

export default { initialize, render };
