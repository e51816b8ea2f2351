// The jobfit page: "Find jobs" (a resume in, ranked postings out) and "Find candidates" (a
// posting in, ranked resumes out, each explainable side by side with the posting).

import { ApiError, call, setApiKey } from "./api.js";
import { explain, setUpDialog } from "./explain.js";
import { fitBar, h, newId, occupationName, requirementLists, summaryLine } from "./render.js";

const $ = (id) => document.getElementById(id);
const BUSY_TEXT = "Reading and matching\u2026 (a few seconds; more for a long document)";
let retryLast = null; // what to run again once an API key is entered

// -- tabs ----------------------------------------------------------------------------------
const TABS = [
  { tab: "tab-jobs", panel: "view-jobs", hash: "#jobs" },
  { tab: "tab-candidates", panel: "view-candidates", hash: "#candidates" },
];

function selectTab(index, focus = false) {
  TABS.forEach((t, i) => {
    const on = i === index;
    $(t.tab).setAttribute("aria-selected", String(on));
    $(t.panel).hidden = !on;
  });
  if (focus) $(TABS[index].tab).focus();
  if (location.hash !== TABS[index].hash) history.replaceState(null, "", TABS[index].hash);
}

function setUpTabs() {
  TABS.forEach((t, i) => {
    const tab = $(t.tab);
    tab.addEventListener("click", () => selectTab(i));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        selectTab((i + step + TABS.length) % TABS.length, true);
      }
    });
  });
  const start = TABS.findIndex((t) => t.hash === location.hash);
  selectTab(start < 0 ? 0 : start);
}

// -- progress and errors --------------------------------------------------------------------
function startBusy(view, text = BUSY_TEXT) {
  const form = $(`${view}-form`);
  const status = $(`${view}-status`);
  const results = $(`${view}-results`);
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  form.setAttribute("aria-busy", "true");
  results.setAttribute("aria-busy", "true");
  hideError(view);
  const started = Date.now();
  const line = h("span", {}, text);
  status.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), line);
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    line.textContent = `${text} ${s} s`;
  }, 1000);
  return (done = "") => {
    clearInterval(timer);
    submit.disabled = false;
    form.removeAttribute("aria-busy");
    results.setAttribute("aria-busy", "false");
    // the outcome is announced to screen readers; the results' heading shows it on screen
    if (done) status.replaceChildren(h("span", { class: "sr-only" }, done));
    else status.replaceChildren();
  };
}

function showError(view, err) {
  const box = $(`${view}-error`);
  const message =
    err instanceof ApiError
      ? err.message
      : `Something went wrong in the page: ${err}. Reload it and try again.`;
  box.replaceChildren(h("strong", {}, "Sorry: "), message);
  box.hidden = false;
  if (err instanceof ApiError && err.status === 401) askForKey();
}

function hideError(view) {
  const box = $(`${view}-error`);
  box.hidden = true;
  box.replaceChildren();
}

function askForKey() {
  $("auth").hidden = false;
  $("api-key").focus();
}

function setUpAuth() {
  $("auth-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setApiKey($("api-key").value.trim());
    $("api-key").value = "";
    $("auth").hidden = true;
    loadHealth();
    loadPostings();
    if (retryLast) retryLast();
  });
}

// -- filters ---------------------------------------------------------------------------------
function quote(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

function whereOf(view) {
  const parts = [];
  const loc = $(`${view}-location`).value.trim();
  const tag = $(`${view}-tag`).value.trim();
  if (loc) parts.push(`location = ${quote(loc)}`);
  if (tag) parts.push(`tags has ${quote(tag)}`);
  return parts.length ? parts.join(" and ") : null;
}

function emptyNote(plural, where) {
  return where
    ? `No stored ${plural} match the filter (${where}). Clear the location or tag and try again.`
    : `No ${plural} are stored yet. Add some with "jobfit index add" or POST /v1/${plural}, then try again.`;
}

// -- cards -----------------------------------------------------------------------------------
function cardHead(hit, doc, fallbackId) {
  const titleId = newId("title");
  const meta = [doc.company, doc.location].filter(Boolean).join(" \u00b7 ");
  const tags = (doc.tags || []).map((t) => h("span", { class: "badge" }, t));
  return {
    titleId,
    head: h(
      "div",
      { class: "card-head" },
      h("span", { class: "rank" }, h("span", { class: "sr-only" }, "Rank "), String(hit.rank)),
      h(
        "div",
        { class: "card-title" },
        h("h3", { id: titleId }, doc.title || fallbackId),
        meta || tags.length
          ? h("p", { class: "meta" }, meta, meta && tags.length ? " " : "", tags)
          : "",
      ),
    ),
  };
}

function occupationLine(label, other, whose) {
  if (!label) return "";
  const same = other && other === label ? ` \u2014 same as the ${whose}` : "";
  return h(
    "p",
    { class: "occupation" },
    h("span", { class: "muted" }, "Occupation: "),
    occupationName(label),
    same,
  );
}

function explainButton(titleId, open) {
  const button = h(
    "button",
    { type: "button", class: "secondary", "aria-describedby": titleId },
    "Explain",
  );
  button.addEventListener("click", () => open(button));
  return button;
}

function jobCard(hit, docs, resumeText) {
  const doc = docs[hit.job_id] || {};
  const { titleId, head } = cardHead(hit, doc, hit.job_id);
  const open = (button) =>
    explain(
      button,
      { resume_text: resumeText, job_id: hit.job_id },
      doc.title || hit.job_id,
      "your resume",
    );
  return h(
    "article",
    { class: "card", "aria-labelledby": titleId, "data-id": hit.job_id },
    head,
    fitBar(hit.fit),
    occupationLine(hit.job_occupation || doc.occupation, hit.resume_occupation, "resume"),
    summaryLine(hit) ? h("p", { class: "summary" }, summaryLine(hit)) : "",
    requirementLists(hit, { resumeText }),
    h("div", { class: "card-actions" }, explainButton(titleId, open)),
  );
}

function candidateCard(hit, docs, query) {
  const doc = docs[hit.resume_id] || {};
  const { titleId, head } = cardHead(hit, doc, hit.resume_id);
  const name = doc.title ? `${doc.title} (${hit.resume_id})` : hit.resume_id;
  const job = query.id ? { job_id: query.id } : { job_text: query.text };
  const open = (button) => explain(button, { resume_id: hit.resume_id, ...job }, query.title, name);
  return h(
    "article",
    { class: "card", "aria-labelledby": titleId, "data-id": hit.resume_id },
    head,
    fitBar(hit.fit),
    occupationLine(hit.resume_occupation || doc.occupation, hit.job_occupation, "posting"),
    summaryLine(hit) ? h("p", { class: "summary" }, summaryLine(hit)) : "",
    h("div", { class: "card-actions" }, explainButton(titleId, open)),
    h(
      "details",
      { class: "reqs-toggle" },
      h("summary", {}, "Requirements, one by one"),
      requirementLists(hit),
    ),
  );
}

function showResults(view, plural, data, where, makeCard) {
  const results = $(`${view}-results`);
  const hits = data.hits || [];
  if (!hits.length) {
    results.replaceChildren(h("p", { class: "note" }, emptyNote(plural, where)));
    return `No ${plural} found.`;
  }
  const list = h("ol", { class: "cards" });
  for (const hit of hits) list.append(h("li", {}, makeCard(hit)));
  const heading = h("h2", { class: "results-title" }, `${hits.length} ${plural}, best match first`);
  results.replaceChildren(heading, list);
  return `Found ${hits.length} ${plural}.`;
}

// -- job seeker --------------------------------------------------------------------------------
async function findJobs() {
  const file = $("resume-file").files[0];
  const text = $("resume-text").value;
  if (!file && !text.trim()) {
    showError("jobs", new ApiError(400, "input", "Choose a resume file or paste its text first."));
    $("resume-file").focus();
    return;
  }
  const topK = Number($("jobs-top-k").value);
  const where = whereOf("jobs");
  const done = startBusy("jobs");
  retryLast = findJobs;
  try {
    let data;
    if (file) {
      const form = new FormData();
      form.append("file", file, file.name);
      form.append("top_k", String(topK));
      if (where) form.append("where", where);
      data = await call("/v1/match/jobs/file", { method: "POST", form });
    } else {
      data = await call("/v1/match/jobs", { method: "POST", json: { text, top_k: topK, where } });
    }
    const docs = data.documents || {};
    const said = showResults("jobs", "jobs", data, where, (hit) =>
      jobCard(hit, docs, data.query_text || ""),
    );
    done(said);
    retryLast = null;
  } catch (err) {
    done();
    showError("jobs", err);
  }
}

// -- recruiter ---------------------------------------------------------------------------------
async function loadPostings() {
  const select = $("posting-pick");
  try {
    const page = await call("/v1/jobs?limit=500");
    const keep = select.value;
    const options = [h("option", { value: "" }, "\u2014 none: use the pasted text \u2014")];
    for (const item of page.items) {
      const m = item.metadata || {};
      const title = m.title || item.current_title || item.id;
      const label = [title, m.company, m.location].filter(Boolean).join(" \u00b7 ");
      options.push(h("option", { value: item.id }, label));
    }
    if (page.total > page.items.length) {
      options.push(
        h(
          "option",
          { value: "", disabled: true },
          `\u2026 and ${page.total - page.items.length} more (paste the text instead)`,
        ),
      );
    }
    select.replaceChildren(...options);
    select.value = keep;
    $("posting-pick-note").textContent = page.total
      ? `${page.total} stored posting${page.total === 1 ? "" : "s"}.`
      : "No postings are stored yet: paste one below.";
  } catch (err) {
    $("posting-pick-note").textContent =
      err instanceof ApiError
        ? `The stored postings could not be listed. ${err.message}`
        : String(err);
    if (err instanceof ApiError && err.status === 401) askForKey();
  }
}

async function findCandidates() {
  const select = $("posting-pick");
  const picked = select.value;
  const file = picked ? undefined : $("posting-file").files[0];
  const text = $("posting-text").value;
  if (!picked && !file && !text.trim()) {
    showError(
      "candidates",
      new ApiError(400, "input", "Pick a stored posting, choose a file or paste a posting's text first."),
    );
    select.focus();
    return;
  }
  const topK = Number($("candidates-top-k").value);
  const where = whereOf("candidates");
  const done = startBusy("candidates");
  retryLast = findCandidates;
  const body = picked ? { id: picked } : { text };
  try {
    let data;
    if (file) {
      const form = new FormData();
      form.append("file", file, file.name);
      form.append("top_k", String(topK));
      if (where) form.append("where", where);
      data = await call("/v1/match/resumes/file", { method: "POST", form });
    } else {
      data = await call("/v1/match/resumes", {
        method: "POST",
        json: { ...body, top_k: topK, where },
      });
    }
    const title = picked
      ? select.options[select.selectedIndex].textContent
      : (data.query_text || text).trim().split("\n")[0].slice(0, 120) || "the posting";
    const query = picked ? { id: picked, title } : { text: data.query_text || text, title };
    const docs = data.documents || {};
    done(
      showResults("candidates", "resumes", data, where, (hit) => candidateCard(hit, docs, query)),
    );
    retryLast = null;
  } catch (err) {
    done();
    showError("candidates", err);
  }
}

// -- health --------------------------------------------------------------------------------------
async function loadHealth() {
  const line = $("health");
  try {
    const s = await call("/v1/health");
    const weights = s.weights_hash ? ` (weights ${s.weights_hash.slice(0, 8)})` : "";
    line.textContent =
      `Model: ${s.model}${weights} \u00b7 store: ${s.backend}, ${s.jobs} job${s.jobs === 1 ? "" : "s"}, ` +
      `${s.resumes} resume${s.resumes === 1 ? "" : "s"} \u00b7 jobfit ${s.version}`;
  } catch (err) {
    line.textContent = err instanceof ApiError ? err.message : String(err);
  }
}

// -- start -----------------------------------------------------------------------------------------
function start() {
  setUpTabs();
  setUpAuth();
  setUpDialog(askForKey);
  $("jobs-form").addEventListener("submit", (event) => {
    event.preventDefault();
    findJobs();
  });
  $("candidates-form").addEventListener("submit", (event) => {
    event.preventDefault();
    findCandidates();
  });
  const fileChosen = () => {
    const chosen = $("resume-file").files.length > 0;
    $("resume-clear").hidden = !chosen;
    $("resume-text-hint").textContent = chosen
      ? "A file is chosen above, so this text is not used."
      : "Used when no file is chosen.";
  };
  $("resume-file").addEventListener("change", fileChosen);
  $("resume-clear").addEventListener("click", () => {
    $("resume-file").value = "";
    fileChosen();
    $("resume-file").focus();
  });
  const postingHint = () => {
    const chosen = $("posting-file").files.length > 0;
    $("posting-clear").hidden = !chosen;
    $("posting-text-hint").textContent = $("posting-pick").value
      ? "A stored posting is picked above, so this text and any file are not used."
      : chosen
        ? "A file is chosen above, so this text is not used."
        : "Used when no stored posting or file is picked.";
  };
  $("posting-pick").addEventListener("change", postingHint);
  $("posting-file").addEventListener("change", postingHint);
  $("posting-clear").addEventListener("click", () => {
    $("posting-file").value = "";
    postingHint();
    $("posting-file").focus();
  });
  loadHealth();
  loadPostings();
}

start();
