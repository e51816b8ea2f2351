// The explanation panel: one resume and one posting side by side, each requirement numbered,
// marked in the posting and, where the resume shows it, in the resume.

import { ApiError, call } from "./api.js";
import {
  evidenceSpan,
  fitBar,
  h,
  highlighted,
  occupationName,
  requirementLists,
  summaryLine,
} from "./render.js";

const $ = (id) => document.getElementById(id);

let opener = null; // the button that opened the panel gets the focus back
let unauthorized = () => {};

function numbering(e) {
  const numbers = new Map();
  let n = 0;
  for (const verdict of ["met", "missing", "unclear"]) {
    for (const item of e[verdict] || []) numbers.set(item, (n += 1));
  }
  return numbers;
}

function documentColumn(title, text, ranges, note) {
  return h(
    "section",
    { class: "doc-col", "aria-label": title },
    h("h3", {}, title),
    note ? h("p", { class: "muted small" }, note) : "",
    h("div", { class: "doc-text", tabindex: "0" }, highlighted(text, ranges)),
  );
}

function renderExplanation(e, jobTitle, resumeName) {
  const numbers = numbering(e);
  const postingRanges = [];
  const resumeRanges = [];
  for (const verdict of ["met", "missing", "unclear"]) {
    for (const item of e[verdict] || []) {
      const label = String(numbers.get(item));
      const title = `${label}. ${item.requirement} (${verdict})`;
      if (item.start >= 0 && item.end > item.start) {
        postingRanges.push({ start: item.start, end: item.end, kind: verdict, label, title });
      }
      if (verdict !== "missing" && item.passage) {
        const span = evidenceSpan(e.resume_text || "", item);
        if (span) resumeRanges.push({ start: span[0], end: span[1], kind: verdict, label, title });
      }
    }
  }
  const occupations = [
    e.job_occupation ? `Posting: ${occupationName(e.job_occupation)}` : "",
    e.resume_occupation ? `Resume: ${occupationName(e.resume_occupation)}` : "",
  ].filter(Boolean);
  return [
    h(
      "div",
      { class: "explain-summary" },
      fitBar(e.fit),
      summaryLine(e) ? h("p", { class: "summary" }, summaryLine(e)) : "",
      occupations.length ? h("p", { class: "occupation" }, occupations.join(" \u00b7 ")) : "",
    ),
    requirementLists(e, { resumeText: e.resume_text || "", numbered: numbers }),
    h(
      "div",
      { class: "columns" },
      documentColumn(
        `Posting: ${jobTitle}`,
        e.job_text || "",
        postingRanges,
        "Requirements are marked: green met, red missing, amber unclear.",
      ),
      documentColumn(
        `Resume: ${resumeName}`,
        e.resume_text || "",
        resumeRanges,
        "The evidence for each met requirement is marked; the numbers match the list.",
      ),
    ),
  ];
}

export async function explain(button, body, jobTitle, resumeName) {
  const dialog = $("explain");
  const content = $("explain-body");
  opener = button;
  $("explain-title").textContent = `Why ${resumeName} fits ${jobTitle}`;
  content.setAttribute("aria-busy", "true");
  content.replaceChildren(
    h(
      "p",
      { class: "status" },
      h("span", { class: "spinner", "aria-hidden": "true" }),
      "Explaining\u2026",
    ),
  );
  if (!dialog.open) dialog.showModal();
  $("explain-close").focus();
  try {
    const e = await call("/v1/explain", { method: "POST", json: body });
    content.replaceChildren(...renderExplanation(e, jobTitle, resumeName));
  } catch (err) {
    const message = err instanceof ApiError ? err.message : String(err);
    content.replaceChildren(
      h("div", { class: "error", role: "alert" }, h("strong", {}, "Sorry: "), message),
    );
    if (err instanceof ApiError && err.status === 401) {
      dialog.close();
      unauthorized();
    }
  } finally {
    content.setAttribute("aria-busy", "false");
  }
}

export function setUpDialog(onUnauthorized) {
  unauthorized = onUnauthorized;
  const dialog = $("explain");
  $("explain-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener("close", () => {
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
}
