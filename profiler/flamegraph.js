// kiln profile: the flame graph of one profile, drawn on a canvas.
// Data comes from <script id="profile-data" type="application/json"> (see
// html_output.py): frames = [function, file, tier], tree = [frame, total,
// self, [[line, samples]...], [children...]]. Root at the top, callees below;
// click a box to zoom into it, click the top bar (or Reset) to zoom out,
// type in the search box to highlight matching functions.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("profile-data").textContent);
  const canvas = document.getElementById("flame");
  const tooltip = document.getElementById("tooltip");
  const search = document.getElementById("search");
  const status = document.getElementById("status");
  const ROW = 18;
  const PALETTE = {
    python: [210, 65, 62], compiled: [28, 85, 60], native: [140, 30, 55],
    thread: [270, 35, 68], root: [0, 0, 78],
  };
  let zoom = data.tree;         // the node drawn at full width
  let boxes = [];               // what was drawn last: {x, y, w, node, depth}
  let query = "";

  function frame(node) { return node[0] < 0 ? ["all threads", "", "root"] : data.frames[node[0]]; }
  function total(node) { return node[1]; }

  function depthOf(node, target, depth) {
    if (node === target) return depth;
    for (const child of node[4]) {
      const found = depthOf(child, target, depth + 1);
      if (found >= 0) return found;
    }
    return -1;
  }

  function pathTo(node, target, path) {
    path.push(node);
    if (node === target) return true;
    for (const child of node[4]) if (pathTo(child, target, path)) return true;
    path.pop();
    return false;
  }

  function maxDepth(node) {
    let deepest = 0;
    for (const child of node[4]) deepest = Math.max(deepest, maxDepth(child));
    return deepest + 1;
  }

  function colour(node, dimmed) {
    const [name, , tier] = frame(node);
    const [h, s, l] = PALETTE[tier] || PALETTE.native;
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
    const light = l + (Math.abs(hash) % 12) - 6;
    if (query && name.toLowerCase().includes(query)) return "hsl(320, 80%, 62%)";
    return `hsl(${h}, ${dimmed ? s / 3 : s}%, ${dimmed ? 85 : light}%)`;
  }

  function draw() {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.parentElement.clientWidth;
    const ancestors = [];
    pathTo(data.tree, zoom, ancestors);
    ancestors.pop();
    const height = (ancestors.length + maxDepth(zoom)) * ROW;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.font = "12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    ctx.textBaseline = "middle";
    boxes = [];
    ancestors.forEach((node, depth) => box(ctx, node, 0, width, depth, true));
    layout(ctx, zoom, 0, width, ancestors.length, width / total(zoom));
    status.textContent = matchSummary();
    document.body.dataset.boxes = String(boxes.length);   // for tests and tools reading the DOM
  }

  function layout(ctx, node, x, w, depth, scale) {
    box(ctx, node, x, w, depth, false);
    let childX = x;
    for (const child of node[4]) {
      const childW = total(child) * scale;
      if (childW >= 0.5) layout(ctx, child, childX, childW, depth + 1, scale);
      childX += childW;
    }
  }

  function box(ctx, node, x, w, depth, dimmed) {
    const y = depth * ROW;
    ctx.fillStyle = colour(node, dimmed);
    ctx.fillRect(x, y, Math.max(w - 1, 0.5), ROW - 1);
    boxes.push({ x, y, w, node });
    if (w > 30) {
      ctx.fillStyle = "#111";
      ctx.fillText(fit(ctx, frame(node)[0], w - 6), x + 3, y + ROW / 2);
    }
  }

  function fit(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + "\u2026").width <= width) lo = mid; else hi = mid - 1;
    }
    return lo > 0 ? text.slice(0, lo) + "\u2026" : "";
  }

  function percent(n, of) { return of ? (100 * n / of).toFixed(1) + "%" : "-"; }

  function matchSummary() {
    if (!query) return "";
    let matched = 0;
    (function walk(node, inside) {
      const hit = node[0] >= 0 && frame(node)[0].toLowerCase().includes(query);
      if (hit && !inside) matched += total(node);
      for (const child of node[4]) walk(child, inside || hit);
    })(data.tree, false);
    return `"${query}": ${percent(matched, total(data.tree))} of samples`;
  }

  function hit(event) {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left, y = event.clientY - rect.top;
    for (let i = boxes.length - 1; i >= 0; i--) {
      const b = boxes[i];
      if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + ROW) return b;
    }
    return null;
  }

  function describe(node) {
    const [name, file, tier] = frame(node);
    const all = total(data.tree);
    const lines = node[3].slice().sort((a, b) => b[1] - a[1]).slice(0, 5)
      .map(([line, n]) => `${file}:${line}  ${percent(n, total(node))}`);
    const rows = [
      ["", name], ["tier", tier], ["samples", `${total(node)} (${percent(total(node), all)})`],
      ["self", `${node[2]} (${percent(node[2], all)})`],
    ];
    if (file && !lines.length) rows.push(["file", file]);
    const table = rows.map(([k, v]) => `<div><b>${escape(k)}</b> ${escape(v)}</div>`).join("");
    return table + lines.map((l) => `<div class="line">${escape(l)}</div>`).join("");
  }

  function escape(text) {
    return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  canvas.addEventListener("mousemove", (event) => {
    const b = hit(event);
    if (!b) { tooltip.hidden = true; return; }
    tooltip.innerHTML = describe(b.node);
    tooltip.hidden = false;
    const left = Math.min(event.pageX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = left + "px";
    tooltip.style.top = event.pageY + 14 + "px";
  });
  canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; });
  canvas.addEventListener("click", (event) => {
    const b = hit(event);
    if (!b) return;
    zoom = b.node === zoom && depthOf(data.tree, zoom, 0) > 0 ? data.tree : b.node;
    draw();
  });
  document.getElementById("reset").addEventListener("click", () => { zoom = data.tree; draw(); });
  search.addEventListener("input", () => { query = search.value.trim().toLowerCase(); draw(); });
  window.addEventListener("resize", draw);
  draw();
})();
