// The news desk's page: send the article to this server's JSON API (POST /v1/fix), show the
// verdict, the sentences and the findings in reading order, and build the fixed text from the
// fixes the editor takes. Text from the article or the server is only ever inserted with
// textContent (never as HTML); the Content-Security-Policy allows this file and page.css only.
"use strict";

const $ = (id) => document.getElementById(id);
const TYPES = { md: "text/markdown", markdown: "text/markdown", html: "text/html", htm: "text/html" };

const state = {
  kind: "text/plain", // how the article is sent: a dropped .md or .html file keeps its type
  name: "article", // the download's name
  chars: [], // the checked text in code points: the API's offsets index it
  fixes: [], // {fix, box, findings}: one per distinct fix
  rules: {},
  rulesLoaded: null, // a promise: the rules' explanations, fetched once
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function say(message) {
  $("status").textContent = message;
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = $("token").value.trim();
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    $("token-row").hidden = false;
    throw new Error("this server needs an access token: enter it and check again");
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

async function loadRules() {
  try {
    for (const rule of await api("/v1/rules")) state.rules[rule.code] = rule;
  } catch (error) {
    // the findings still show their messages; only the rules' explanations are missing
  }
}

function ruleOf(code) {
  return state.rules[code] || state.rules[code.slice(0, 3)] || null;
}

function slice(start, end) {
  return state.chars.slice(start, end).join("");
}

async function check() {
  const text = $("input").value;
  if (!text.trim()) {
    say("Paste or drop an article first.");
    $("input").focus();
    return;
  }
  say("Checking…");
  $("check").disabled = true;
  try {
    await state.rulesLoaded;
    const answer = await api("/v1/fix?id=" + encodeURIComponent(state.name), {
      method: "POST",
      headers: { "Content-Type": state.kind + "; charset=utf-8" },
      body: text,
    });
    show(answer);
    say("Checked: " + summaryLine(answer.record));
    $("result-title").focus(); // keyboard and screen-reader users land on the result
  } catch (error) {
    say("Could not check the article: " + error.message);
  } finally {
    $("check").disabled = false;
  }
}

function summaryLine(record) {
  if (record.status === "error") return record.error;
  const suspect = record.sentences.filter((s) => s.suspect).length;
  const findings = record.sentences.reduce((n, s) => n + s.findings.length, 0);
  return `${suspect} of ${record.sentences.length} sentences suspect, ${findings} findings`;
}

function show(answer) {
  const record = answer.record;
  state.chars = Array.from(answer.text);
  $("result").hidden = false;
  showVerdict(record);
  $("counts").textContent = summaryLine(record) + `; document score ${record.score.toFixed(2)}`;
  state.fixes = [];
  const rejected = new Set(answer.rejected.map(fixKey));
  showFindings(record, rejected);
  showArticle(record);
  updateFixed();
}

function showVerdict(record) {
  const box = $("verdict");
  box.replaceChildren();
  const verdict = record.verdict;
  let label = record.status === "error" ? "error" : record.suspect ? "suspect" : "clean";
  if (verdict && verdict.label) label = verdict.label;
  box.className = "verdict verdict-" + label;
  box.append(el("strong", "label", label));
  if (verdict && typeof verdict.score === "number") box.append(el("span", "score", ` score ${verdict.score.toFixed(2)}`));
  const reasons = (verdict && verdict.reasons) || [];
  if (reasons.length) {
    const list = el("ul", "reasons");
    for (const reason of reasons) {
      list.append(el("li", "", typeof reason === "string" ? reason : reason.message || JSON.stringify(reason)));
    }
    box.append(list);
  }
}

function fixKey(fix) {
  return JSON.stringify([fix.description, fix.edits]);
}

function findingsInOrder(record) {
  const all = [];
  for (const sentence of record.sentences) for (const finding of sentence.findings) all.push(finding);
  return all.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : 1));
}

function showFindings(record, rejected) {
  const list = $("findings");
  list.replaceChildren();
  const byKey = new Map();
  findingsInOrder(record).forEach((finding, n) => {
    const item = el("li", "finding sev-" + finding.severity);
    item.id = "f-" + n;
    item.tabIndex = -1;
    finding.item = item;
    const head = el("div", "head");
    head.append(el("span", "code", finding.code), el("span", "severity", finding.severity));
    head.append(el("q", "span", slice(finding.start, finding.end)));
    item.append(head, el("p", "message", finding.message));
    const rule = ruleOf(finding.code);
    if (finding.fix) {
      item.append(el("p", "suggestion", "Suggestion: " + finding.fix.description));
      const key = fixKey(finding.fix);
      const shared = byKey.get(key);
      if (shared) {
        shared.findings.push(finding);
        item.append(el("p", "todo", "What to do: the same fix as " + shared.findings[0].code + " above."));
      } else {
        const entry = { fix: finding.fix, findings: [finding], box: null };
        const label = el("label", "take");
        const box = el("input");
        box.type = "checkbox";
        box.checked = finding.fix.safety === "safe" && !rejected.has(key);
        box.addEventListener("change", updateFixed);
        entry.box = box;
        label.append(box, el("span", "", finding.fix.safety === "safe" ? " Take this fix (safe)" : " Take this fix (unsafe: check it first)"));
        item.append(label);
        let todo = finding.fix.safety === "safe" ? "take the fix: the article itself proves it." : "read the suggestion against the source before taking it.";
        if (rejected.has(key)) todo = "checking the fixed text found a new problem, so this fix is not preselected; edit by hand.";
        item.append(el("p", "todo", "What to do: " + todo));
        byKey.set(key, entry);
        state.fixes.push(entry);
      }
    } else {
      item.append(el("p", "todo", "What to do: rewrite by hand; no fix is grounded in the article."));
    }
    if (rule) item.append(el("p", "why", "Why: " + rule.explanation));
    list.append(item);
  });
  if (!list.children.length) list.append(el("li", "none", "No findings."));
}

function showArticle(record) {
  const view = $("article");
  view.replaceChildren();
  const findings = findingsInOrder(record);
  let at = 0;
  for (const sentence of record.sentences) {
    if (sentence.start > at) view.append(document.createTextNode(slice(at, sentence.start)));
    const span = el("span", sentence.suspect ? "sent suspect" : "sent");
    const inside = findings.filter((f) => f.start < sentence.end && f.end > sentence.start && !sentenceLevel(f));
    markSpans(span, sentence, inside);
    if (sentence.suspect) {
      const first = findings.find((f) => f.start >= sentence.start && f.start < sentence.end);
      if (first) span.dataset.finding = first.item.id;
    }
    view.append(span);
    at = Math.max(at, sentence.end);
  }
  if (at < state.chars.length) view.append(document.createTextNode(slice(at, state.chars.length)));
}

function sentenceLevel(finding) {
  const rule = ruleOf(finding.code);
  return Boolean(rule && rule.scope === "sentence"); // shown by the sentence's shade, not as a mark
}

function markSpans(span, sentence, findings) {
  // cut the sentence at every finding boundary; a piece inside findings links to the first
  const cuts = new Set([sentence.start, sentence.end]);
  for (const f of findings) {
    cuts.add(Math.max(f.start, sentence.start));
    cuts.add(Math.min(f.end, sentence.end));
  }
  const points = Array.from(cuts).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = findings.filter((f) => f.start <= a && f.end >= b);
    if (!covering.length) {
      span.append(document.createTextNode(slice(a, b)));
      continue;
    }
    const mark = el("a", "mark sev-" + worst(covering), slice(a, b));
    mark.href = "#" + covering[0].item.id;
    mark.dataset.code = covering.map((f) => f.code).join(" ");
    mark.title = covering.map((f) => f.code + ": " + f.message).join("\n");
    mark.addEventListener("click", (event) => {
      event.preventDefault();
      covering[0].item.scrollIntoView({ block: "nearest" });
      covering[0].item.focus();
    });
    span.append(mark);
  }
}

function worst(findings) {
  const order = ["info", "warning", "error"];
  return findings.map((f) => f.severity).sort((a, b) => order.indexOf(b) - order.indexOf(a))[0];
}

function updateFixed() {
  // the taken fixes' edits, in order; one that overlaps or touches an edit already taken waits
  // (as `mtlint check --fix` leaves it to a later round)
  const taken = [];
  let count = 0;
  const ordered = state.fixes.filter((e) => e.box.checked).sort((a, b) => start(a.fix) - start(b.fix));
  for (const entry of ordered) {
    const clash = entry.fix.edits.some((e) => taken.some((t) => e.start <= t.end && t.start <= e.end));
    entry.box.parentElement.classList.toggle("waits", clash);
    if (clash) continue;
    taken.push(...entry.fix.edits);
    count += 1;
  }
  const chars = state.chars.slice();
  for (const edit of taken.sort((a, b) => b.start - a.start)) {
    chars.splice(edit.start, edit.end - edit.start, ...Array.from(edit.replacement));
  }
  $("fixed").value = chars.join("");
  $("fix-count").textContent = `(${count} of ${state.fixes.length} fixes taken)`;
}

function start(fix) {
  return Math.min(...fix.edits.map((e) => e.start));
}

function takeAll(safeOnly) {
  for (const entry of state.fixes) entry.box.checked = safeOnly && entry.fix.safety === "safe";
  updateFixed();
}

async function copyFixed() {
  const text = $("fixed").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    $("fixed").select();
    document.execCommand("copy");
  }
  say("The fixed text is on the clipboard.");
}

function downloadFixed() {
  const blob = new Blob([$("fixed").value], { type: "text/plain;charset=utf-8" });
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = state.name.replace(/\.[^.]*$/, "") + ".fixed.txt";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function openFile(file) {
  if (!file) return;
  const suffix = (file.name.split(".").pop() || "").toLowerCase();
  state.kind = TYPES[suffix] || "text/plain";
  state.name = file.name;
  $("file-name").textContent = file.name;
  $("input").value = await file.text();
  await check();
}

function setUp() {
  $("check").addEventListener("click", check);
  $("input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });
  $("input").addEventListener("input", (event) => {
    if (event.inputType === "insertFromPaste") {
      state.kind = "text/plain";
      state.name = "article";
      $("file-name").textContent = "";
    }
  });
  $("file").addEventListener("change", () => openFile($("file").files[0]));
  const zone = $("compose");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dropping");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropping"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dropping");
    openFile(event.dataTransfer.files[0]);
  });
  $("accept-safe").addEventListener("click", () => takeAll(true));
  $("reject-all").addEventListener("click", () => takeAll(false));
  $("copy").addEventListener("click", copyFixed);
  $("download").addEventListener("click", downloadFixed);
  state.rulesLoaded = loadRules();
  showStages();
}

// Which stages this server runs (`mtlint serve --deep`): said under the page's heading.
async function showStages() {
  try {
    const health = await (await fetch("/healthz")).json();
    if (health.deep === "on") {
      $("stages").textContent =
        "Second opinion on: a fine-tuned transformer (the deep stage) also reads every sentence no rule explains.";
    }
  } catch (error) {
    // the page works the same; it only cannot say which stages run
  }
}

setUp();
