// Building the page's pieces from API answers. Text always goes in as text nodes (never as
// HTML), so a resume or posting cannot inject markup.

/** An element: h("p", {class: "x"}, "text", child, ...). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let uid = 0;
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A 0-100 fit as a labelled bar with its number. */
export function fitBar(fit, note = "") {
  const value = Math.max(0, Math.min(100, Math.round(Number(fit) || 0)));
  const band = value >= 70 ? "high" : value >= 40 ? "mid" : "low";
  return h(
    "div",
    { class: `fit fit-${band}` },
    h("span", { class: "fit-label", "aria-hidden": "true" }, "Fit"),
    h(
      "div",
      {
        class: "fit-bar",
        role: "meter",
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(value),
        "aria-label": `Fit ${value} out of 100${note ? `, ${note}` : ""}`,
      },
      h("span", { class: "fit-fill", style: `width: ${value}%` }),
    ),
    h("span", { class: "fit-num", "aria-hidden": "true" }, String(value)),
  );
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where `passage` sits in `text`, as [start, end], or null. Passages come back with bullets
 * stripped and line breaks turned to spaces, so words may be apart by any run of spaces,
 * line breaks and bullet marks.
 */
export function locate(text, passage) {
  if (!text || !passage) return null;
  const exact = text.indexOf(passage);
  if (exact >= 0) return [exact, exact + passage.length];
  const words = passage.trim().split(/\s+/).filter(Boolean).slice(0, 80);
  if (!words.length) return null;
  const pattern = words.map(escapeRegExp).join("[\\s\\-*\u2022\u00b7|]+");
  for (const flags of ["", "i"]) {
    const m = new RegExp(pattern, flags).exec(text);
    if (m) return [m.index, m.index + m[0].length];
  }
  return null;
}

/** Where an evidence item's passage is in the resume `text` ([start, end] or null). */
export function evidenceSpan(text, item) {
  const s = item.passage_start;
  const e = item.passage_end;
  if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= text.length) {
    return [s, e];
  }
  return locate(text, item.passage);
}

/** ~`radius` characters either side of text[start:end], the span in a <mark>. */
export function contextSnippet(text, start, end, radius = 100) {
  // cut at a line break within reach, else at a space, so no word is shown in half
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  if (from > 0) {
    const head = text.slice(from, start);
    const cut = head.indexOf("\n") >= 0 ? head.indexOf("\n") : head.search(/\s/);
    if (cut >= 0) from += cut + 1;
  }
  if (to < text.length) {
    const tail = text.slice(end, to);
    const cut = tail.lastIndexOf("\n") >= 0 ? tail.lastIndexOf("\n") : tail.lastIndexOf(" ");
    if (cut >= 0) to = end + cut;
  }
  const before = from > 0 ? (text[from - 1] === "\n" ? "\u2026\n" : "\u2026") : "";
  const after = to < text.length ? (text[to] === "\n" ? "\n\u2026" : "\u2026") : "";
  return h(
    "div",
    { class: "context" },
    before,
    text.slice(from, start),
    h("mark", {}, text.slice(start, end)),
    text.slice(end, to).replace(/\s+$/, ""),
    after,
  );
}

const RANK = { met: 3, unclear: 2, missing: 1 };

/**
 * `text` with every range highlighted: ranges are {start, end, kind ("met" | "missing" |
 * "unclear"), label}; overlapping ranges share a mark, and each range's label follows its end
 * as a superscript number.
 */
export function highlighted(text, ranges) {
  const valid = ranges.filter((r) => r.start >= 0 && r.end > r.start && r.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const r of valid) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = valid.filter((r) => r.start <= a && r.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) {
      out.append(piece);
      continue;
    }
    const best = covering.reduce((x, y) => (RANK[y.kind] > RANK[x.kind] ? y : x));
    out.append(
      h(
        "mark",
        { class: `hl hl-${best.kind}`, title: covering.map((r) => r.title).join("; ") },
        piece,
      ),
    );
    const ending = covering.filter((r) => r.end === b);
    if (ending.length) {
      out.append(
        h("sup", { class: "hl-ref", "aria-hidden": "true" }, ending.map((r) => r.label).join(",")),
      );
    }
  }
  return out;
}

const VERDICT = {
  met: { icon: "\u2713", words: "Met" },
  missing: { icon: "\u2717", words: "Missing" },
  unclear: { icon: "?", words: "Unclear" },
};

function knockoutKeys(hit) {
  return new Set((hit.knockouts || []).map((e) => `${e.requirement}\u0000${e.start}`));
}

/**
 * One requirement as an expandable list item: verdict, requirement, its reason, and the
 * resume passage behind it (in context when `resumeText` is known).
 */
export function requirementItem(item, verdict, { knockout = false, resumeText = "", number = 0 }) {
  const v = VERDICT[verdict];
  const badges = [h("span", { class: "badge" }, item.kind)];
  if (knockout) badges.unshift(h("span", { class: "badge badge-knockout" }, "knockout"));
  if (item.required === false) badges.push(h("span", { class: "badge" }, "preferred"));
  const body = h("div", { class: "req-body" });
  if (item.reason) body.append(h("p", { class: "reason" }, item.reason));
  if (knockout) {
    body.append(
      h(
        "p",
        { class: "knockout-note" },
        "A required qualification that is not met: it caps the fit.",
      ),
    );
  }
  if (item.passage) {
    const lead = verdict === "met" ? "Evidence in the resume:" : "Closest passage in the resume:";
    const span = resumeText ? evidenceSpan(resumeText, item) : null;
    body.append(
      h("p", { class: "passage-lead" }, lead),
      span
        ? contextSnippet(resumeText, span[0], span[1])
        : h("div", { class: "context" }, h("mark", {}, item.passage)),
    );
  } else if (verdict !== "met") {
    body.append(h("p", { class: "passage-lead" }, "Nothing in the resume speaks to it."));
  }
  return h(
    "li",
    { class: `req req-${verdict}${knockout ? " req-knockout" : ""}` },
    h(
      "details",
      {},
      h(
        "summary",
        {},
        h("span", { class: "req-icon", "aria-hidden": "true" }, v.icon),
        h("span", { class: "sr-only" }, `${v.words}: `),
        number ? h("span", { class: "req-num" }, `${number}.`) : "",
        h("span", { class: "req-text" }, item.requirement),
        " ",
        badges,
      ),
      body,
    ),
  );
}

/** The met, missing and unclear lists of an explained hit (or an explanation). */
export function requirementLists(hit, { resumeText = "", numbered = null } = {}) {
  const wrap = h("div", { class: "reqs" });
  if (hit.requirements_read === false) {
    wrap.append(
      h(
        "p",
        { class: "note" },
        "This posting is not in English, so its requirements were not read; the fit comes from the text alone.",
      ),
    );
    return wrap;
  }
  const knocked = knockoutKeys(hit);
  for (const verdict of ["met", "missing", "unclear"]) {
    const items = hit[verdict] || [];
    if (!items.length) continue;
    const title = { met: "Requirements met", missing: "Requirements missing", unclear: "Unclear" }[
      verdict
    ];
    const list = h("ul", { class: "req-list" });
    for (const item of items) {
      list.append(
        requirementItem(item, verdict, {
          knockout: verdict === "missing" && knocked.has(`${item.requirement}\u0000${item.start}`),
          resumeText,
          number: numbered ? numbered.get(item) : 0,
        }),
      );
    }
    wrap.append(
      h(
        "div",
        { class: `req-group req-group-${verdict}` },
        h("h4", {}, `${title} (${items.length})`),
        list,
      ),
    );
  }
  if (!wrap.childElementCount) {
    wrap.append(h("p", { class: "note" }, "No requirements were found in this posting."));
  }
  return wrap;
}

/** "Meets 4 of 5 requirements; 1 knockout caps the fit (68 without it)." */
export function summaryLine(hit) {
  const met = (hit.met || []).length;
  const total = met + (hit.missing || []).length + (hit.unclear || []).length;
  const parts = [];
  if (hit.requirements_read !== false && total) {
    parts.push(`Meets ${met} of ${total} requirement${total === 1 ? "" : "s"}`);
  }
  const ko = (hit.knockouts || []).length;
  if (ko) {
    const base = Number.isInteger(hit.base_fit) ? ` (${hit.base_fit} without)` : "";
    parts.push(`${ko} knockout${ko === 1 ? "" : "s"} cap${ko === 1 ? "s" : ""} the fit${base}`);
  }
  return parts.join("; ");
}

/** "Registered Nurses (29-1141.00)" without the code, for display. */
export function occupationName(label) {
  return label ? String(label).replace(/\s*\([\d.-]+\)\s*$/, "") : "";
}
