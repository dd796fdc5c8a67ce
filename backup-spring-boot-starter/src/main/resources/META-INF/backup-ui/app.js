// The backup console: a page on top of /api/backup. Everything it does is an API call the user's
// credentials allow; it adds no power of its own.
import { Api, ApiError } from "./api.js";
import { sizeChart } from "./chart.js";
import { bytes, duration, el, relative, time } from "./format.js";

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 20;
const IDLE_REFRESH_MS = 30000;
const BUSY_REFRESH_MS = 1000;
// How often following a job survives an unreachable application (about a minute) before it says so.
const FOLLOW_RETRIES = 30;
// The source types whose restores can take a list of tables (the others restore whole).
const TABLE_RESTORES = ["postgresql"];

const state = {
  api: null,
  status: null,
  page: 0,
  filter: { source: "", label: "" },
  backups: null,
  timer: null,
  session: 0, // bumped at sign-out: answers to calls made before it are dropped
  signedIn: false,
  statusSeq: 0, // each status call is numbered; an older answer never replaces a newer one
  statusDrawn: 0,
  listSeq: 0,
  ended: new Set(), // jobs the page saw end: a late status answer saying they run is ignored
  followed: null, // the job id the page watches until it ends
  outcomeShown: false, // the job panel shows how the followed backup ended
  lastJobs: new Map(), // job id -> status, to refresh the table when one ends
  samples: [], // [time, storedBytes] of the followed backup, for the throughput
};

function show(id, visible) {
  $(id).hidden = !visible;
}

function showProblem(id, error) {
  const box = $(id);
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const title = error instanceof ApiError ? error.title : "Error";
  const detail = error instanceof ApiError ? error.detail : String(error.message || error);
  box.replaceChildren(el("strong", { class: "problem-title" }, detail ? `${title}:` : title), detail ? el("span", { class: "problem-detail" }, " ", detail) : "");
  box.hidden = false;
}

/** A failed call: signed out (401) goes back to the sign-in form, anything else is shown where it happened. */
function failed(where, error) {
  if (error instanceof ApiError && error.status === 401 && state.api.signIn === "token") {
    signOut(error);
    return;
  }
  showProblem(where, error);
}

// ---- sign in and out ---------------------------------------------------------------------------

async function boot() {
  let config;
  try {
    const response = await fetch("config.json", { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`, "The console's settings could not be read.");
    config = await response.json();
  } catch (e) {
    show("loading", false);
    showProblem("page-problem", e instanceof ApiError ? e : new ApiError(0, "Cannot reach the application", String(e.message || e)));
    return;
  }
  state.api = new Api(config);
  $("sign-in-form").addEventListener("submit", onSignIn);
  $("sign-out").addEventListener("click", () => signOut());
  $("backup-now").addEventListener("click", onBackupNow);
  $("filter").addEventListener("submit", onFilter);
  $("page-prev").addEventListener("click", () => goToPage(state.page - 1));
  $("page-next").addEventListener("click", () => goToPage(state.page + 1));
  wireRestoreDialog();
  wireDeleteDialog();
  show("loading", false);
  if (state.api.ready) {
    try {
      await enter(await state.api.status());
    } catch (e) {
      if (state.api.signIn === "token" && e instanceof ApiError && e.status === 401) {
        signOut(e);
      } else {
        showProblem("page-problem", e);
      }
    }
  } else {
    signOut();
  }
}

async function onSignIn(event) {
  event.preventDefault();
  const input = $("token");
  const token = input.value.trim();
  showProblem("sign-in-problem", null);
  if (!token) {
    showProblem("sign-in-problem", new ApiError(0, "API token missing", "Type the API token (backup.api.token)."));
    input.focus();
    return;
  }
  if (!/^[\x21-\x7e]{1,4096}$/.test(token)) {
    // Such a token cannot be sent in an HTTP header at all (the browser refuses it), so the API never saw it.
    showProblem("sign-in-problem", new ApiError(0, "Not an API token", "An API token is at most 4096 printable ASCII characters "
      + "without spaces (the application refuses any other at start-up). Check what you pasted."));
    input.select();
    return;
  }
  try {
    const status = await state.api.signInWith(token);
    input.value = "";
    await enter(status);
  } catch (e) {
    showProblem("sign-in-problem", e);
    input.select();
  }
}

function signOut(why) {
  state.api.token = null;
  state.session++;
  state.signedIn = false;
  clearTimeout(state.timer);
  state.status = null;
  state.followed = null;
  state.outcomeShown = false;
  for (const dialog of ["restore-dialog", "delete-dialog"]) {
    if ($(dialog).open) $(dialog).close();
  }
  for (const box of ["run-problem", "backups-problem", "page-problem"]) showProblem(box, null);
  show("verify-result", false);
  show("job", false);
  show("console", false);
  show("who", false);
  showProblem("page-problem", null);
  if (state.api.signIn === "token") {
    show("sign-in", true);
    showProblem("sign-in-problem", why || null);
    $("token").focus();
  } else {
    showProblem("page-problem", why || null);
  }
}

async function enter(status) {
  state.signedIn = true;
  const session = state.session;
  show("sign-in", false);
  show("console", true);
  show("who", true);
  $("caller").textContent = `Signed in as ${status.caller}`;
  show("sign-out", state.api.signIn === "token");
  fillSourceFilter(status.sources);
  renderStatus(status);
  await Promise.all([loadBackups(true), loadAudit()]);
  if (session !== state.session) return;
  schedule();
  $("main").focus();
}

// ---- refreshing --------------------------------------------------------------------------------

function schedule() {
  clearTimeout(state.timer);
  if (!state.signedIn) return;
  const busy = state.status && state.status.running;
  state.timer = setTimeout(refresh, busy || state.followed ? BUSY_REFRESH_MS : IDLE_REFRESH_MS);
}

async function refresh() {
  const session = state.session;
  try {
    const status = await fetchStatus();
    if (session !== state.session) return;
    if (status) {
      showProblem("page-problem", null);
      const ended = jobsThatEnded(status);
      renderStatus(status);
      if (ended) {
        await Promise.all([loadBackups(true), loadAudit()]);
      }
    }
  } catch (e) {
    if (session !== state.session) return;
    failed("page-problem", e);
  }
  schedule();
}

/** The status, or null when a newer answer was drawn meanwhile (the refresh loop and the job follower both ask). */
async function fetchStatus() {
  const seq = ++state.statusSeq;
  const status = await state.api.status();
  if (seq < state.statusDrawn) return null;
  state.statusDrawn = seq;
  return status;
}

/** Whether a job the page saw running has ended since (the table and the activity change then). */
function jobsThatEnded(status) {
  let ended = Boolean(state.status) && state.status.health.lastBackupId !== status.health.lastBackupId;
  const seen = new Map(status.recentJobs.map((job) => [job.jobId, job.status]));
  for (const [id, before] of state.lastJobs) {
    if (before === "running" && seen.get(id) !== "running") ended = true; // ended, or gone with a restart of the application
  }
  for (const job of status.recentJobs) {
    if (!state.lastJobs.has(job.jobId) && job.status !== "running") ended = true; // finished between two refreshes
  }
  state.lastJobs = seen;
  return ended;
}

// ---- status ------------------------------------------------------------------------------------

function renderStatus(status) {
  state.status = status;
  const health = $("health");
  health.textContent = status.health.status;
  health.className = `badge ${status.health.status.toLowerCase()}`;
  $("health-reason").textContent = status.health.reason || (status.health.status !== "UP" ? ""
    : status.health.lastSuccess ? "The last backup is recent and no run failed since."
      : "No backup yet; not overdue until the max age (backup.health.max-age) has passed since the first start.");
  const lastGood = $("last-good");
  if (status.health.lastSuccess) {
    lastGood.replaceChildren(el("strong", {}, relative(status.health.lastSuccess).replace(/ ago$/, " old")), " — ",
      time(status.health.lastSuccess), status.health.lastBackupId ? ` (${status.health.lastBackupId})` : "");
  } else {
    lastGood.textContent = "No backup yet.";
  }
  const schedules = $("schedules");
  schedules.replaceChildren(...(status.schedules.length === 0 ? [el("li", { class: "muted" }, "No schedule: backups run only when started.")]
    : status.schedules.map((s) => el("li", {}, el("strong", {}, s.name), ` (${s.cron}, ${s.zone}): `,
      s.nextRun ? time(s.nextRun, true) : "not scheduled", s.lastError ? el("span", { class: "bad" }, ` — last run failed: ${s.lastError}`) : ""))));
  const drill = status.lastDrill;
  $("last-drill").replaceChildren(...(drill ? [el("span", { class: drill.ok ? "good" : "bad" }, drill.ok ? "passed" : "failed"), " — ",
    time(drill.drilledAt), `, backup ${drill.backupId}, restore took ${duration(drill.rtoSeconds * 1000)} (RTO)`] : ["No drill yet."]));
  $("channels").textContent = status.notificationChannels.length ? status.notificationChannels.join(", ")
    : "No channel configured: nobody is told when a backup fails (see backup.notifications).";
  renderJob(status.running);
  renderDestinations(status.destinations);
}

function renderJob(job) {
  if (job && state.ended.has(job.jobId)) job = null; // a late answer: the follower saw this job end
  const button = $("backup-now");
  button.disabled = Boolean(job);
  button.setAttribute("aria-disabled", job ? "true" : "false");
  if (!job) {
    // Nothing runs: the panel keeps the outcome of the job this page followed (followJob() wrote it), else it goes.
    if (!state.followed && !state.outcomeShown) show("job", false);
    return;
  }
  state.outcomeShown = false;
  show("job", true);
  const what = job.type === "backup" ? "Backup" : job.type === "restore" ? "Restore" : "Drill";
  $("job-title").textContent = `${what} running — started ${relative(job.startedAt)} by ${job.trigger}`;
  renderJobFigures(job);
  const progress = $("job-progress");
  if (job.type !== "backup") {
    progress.removeAttribute("value");
    progress.removeAttribute("aria-valuetext");
    $("job-progress-text").textContent = job.type === "restore" ? "A restore runs: backups wait until it ends." : "A drill runs: backups wait until it ends.";
  } else if (job.estimatedStoredBytes) {
    const percent = Math.min(99, Math.floor((job.storedBytes / job.estimatedStoredBytes) * 100));
    progress.value = percent;
    progress.setAttribute("aria-valuetext", `about ${percent} percent (estimate)`);
    $("job-progress-text").textContent = `About ${percent}% — an estimate from the previous backup of the same sources (${bytes(job.estimatedStoredBytes)}).`;
  } else {
    progress.removeAttribute("value"); // indeterminate: nothing to compare with
    progress.removeAttribute("aria-valuetext");
    $("job-progress-text").textContent = "No earlier backup of these sources to estimate from.";
  }
}

/** Stage, bytes, throughput and elapsed time of a running job, or the final ones of a finished job. */
function renderJobFigures(job) {
  $("job-stage").textContent = job.stage + (job.currentSource && job.status === "running" ? ` (${job.currentSource})` : "");
  $("job-bytes").textContent = bytes(job.bytesProcessed);
  $("job-stored").textContent = bytes(job.storedBytes);
  const elapsed = (job.finishedAt ? new Date(job.finishedAt).getTime() : Date.now()) - new Date(job.startedAt).getTime();
  $("job-elapsed").textContent = duration(elapsed);
  $("job-speed").textContent = elapsed > 0 ? `${bytes(job.bytesProcessed / (elapsed / 1000))}/s` : "—";
}

function renderDestinations(destinations) {
  $("destinations").tBodies[0].replaceChildren(...destinations.map((d) => el("tr", {},
    el("td", { "data-label": "Destination" }, d.name, d.primary ? el("span", { class: "muted" }, " (primary)") : ""),
    el("td", { class: "num", "data-label": "Backups" }, d.backups ?? "—"),
    el("td", { class: "num", "data-label": "Used" }, bytes(d.usedBytes)),
    el("td", { class: "num", "data-label": "Free" }, d.freeBytes === null ? "not reported" : `${bytes(d.freeBytes)} of ${bytes(d.totalBytes)}`),
    el("td", { "data-label": "Note" }, d.error ? el("span", { class: "bad" }, d.error) : d.measuredAt ? el("span", { class: "muted" }, "measured ", time(d.measuredAt)) : ""))));
}

// ---- backing up --------------------------------------------------------------------------------

async function onBackupNow() {
  showProblem("run-problem", null);
  const button = $("backup-now");
  button.disabled = true;
  try {
    const job = await state.api.startBackup();
    announce("Backup started.");
    followJob(job.jobId, "run-problem", (done) => {
      state.outcomeShown = done.status === "succeeded";
      if (done.status === "succeeded") {
        $("job-title").textContent = `Backup ${done.backupId} done in ${duration(new Date(done.finishedAt) - new Date(done.startedAt))}.`;
        announce($("job-title").textContent);
        $("job-progress").value = 100;
        $("job-progress").removeAttribute("aria-valuetext");
        $("job-progress-text").textContent = `Stored ${bytes(done.storedBytes)}.`;
        renderJobFigures(done);
      } else {
        announce("Backup failed.");
        showProblem("run-problem", new ApiError(0, "Backup failed", done.error || "See the application log."));
        show("job", false);
      }
    });
    renderJob(job);
  } catch (e) {
    button.disabled = false;
    failed("run-problem", e);
  }
}

/** Tells screen readers once what started or ended (the job panel itself changes every second and is not announced). */
function announce(text) {
  $("job-announce").textContent = text;
}

/**
 * Polls a job every second until it ends, then calls {@code done} with it and reloads the table. A failed poll is
 * retried while the application cannot be reached or answers 5xx (a restart, a blip); other errors go to {@code problemBox}.
 */
function followJob(jobId, problemBox, done) {
  const session = state.session;
  state.followed = jobId;
  let failures = 0;
  const poll = async () => {
    let job;
    try {
      job = await state.api.job(jobId);
    } catch (e) {
      if (session !== state.session) return;
      if (e instanceof ApiError && e.status === 404) {
        // Jobs live in the application's memory: it restarted while this one ran.
        state.followed = null;
        state.outcomeShown = false;
        show("job", false);
        showProblem(problemBox, new ApiError(0, "Outcome unknown", "The application restarted while the job ran, so its outcome was "
          + "not kept. An interrupted backup is never listed; an interrupted restore says in the application log what state the target is in."));
        await Promise.all([loadBackups(true), loadAudit(), refreshStatusOnce()]);
        return;
      }
      const transient = e instanceof ApiError && (e.status === 0 || e.status >= 500);
      if (transient && ++failures < FOLLOW_RETRIES) {
        setTimeout(poll, BUSY_REFRESH_MS * 2);
        return;
      }
      state.followed = null;
      failed(problemBox, e);
      return;
    }
    if (session !== state.session) return;
    failures = 0;
    if (job.status === "running") {
      if (job.type === "backup") renderJob(job);
      setTimeout(poll, BUSY_REFRESH_MS);
      return;
    }
    state.ended.add(job.jobId);
    state.followed = null;
    done(job);
    await Promise.all([loadBackups(true), loadAudit(), refreshStatusOnce()]);
  };
  setTimeout(poll, 300);
  schedule();
}

async function refreshStatusOnce() {
  const session = state.session;
  try {
    const status = await fetchStatus();
    if (status && session === state.session) renderStatus(status);
  } catch (e) {
    if (session === state.session) failed("page-problem", e);
  }
}

// ---- the backups table -------------------------------------------------------------------------

function fillSourceFilter(sources) {
  const select = $("filter-source");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, "All sources"), ...sources.map((s) => el("option", { value: s.name }, `${s.name} (${s.type})`)));
  select.value = chosen;
}

function onFilter(event) {
  event.preventDefault();
  state.filter = { source: $("filter-source").value, label: $("filter-label").value.trim() };
  state.page = 0;
  loadBackups();
}

function goToPage(page) {
  if (page < 0 || (state.backups && page >= state.backups.totalPages)) return;
  state.page = page;
  loadBackups();
}

/**
 * Reloads the table; with {@code chart}, the size chart too (only when backups came or went: paging, filtering
 * and a verify change no stored size, and each listing reads the storage).
 */
async function loadBackups(chart = false) {
  const session = state.session;
  const seq = ++state.listSeq;
  try {
    const [page, newest] = await Promise.all([
      state.api.list({ page: state.page, size: PAGE_SIZE, ...state.filter }),
      chart ? state.api.list({ page: 0, size: 100 }) : null,
    ]);
    if (session !== state.session || seq !== state.listSeq) return; // signed out, or a newer listing was asked for
    showProblem("backups-problem", null);
    if (page.totalPages > 0 && state.page >= page.totalPages) {
      state.page = page.totalPages - 1; // the last page emptied (a delete): show the one before
      return loadBackups(chart);
    }
    state.backups = page;
    renderBackups(page);
    if (newest) $("size-chart").replaceChildren(sizeChart(newest.content));
  } catch (e) {
    if (session !== state.session || seq !== state.listSeq) return;
    // The rows of the previous listing would look like an answer to this one.
    $("backups").tBodies[0].replaceChildren();
    $("page-info").textContent = "";
    show("backups-empty", false);
    failed("backups-problem", e);
  }
}

function renderBackups(page) {
  const rows = page.content.map((b) => el("tr", { "data-backup-id": b.id },
    el("th", { scope: "row", "data-label": "ID" }, el("code", {}, b.id)),
    el("td", { "data-label": "Time" }, time(b.startedAt)),
    el("td", { "data-label": "Trigger" }, b.labels.schedule ? `schedule ${b.labels.schedule}` : (b.labels.trigger || "—")),
    el("td", { "data-label": "Sources" }, b.sources.map((s) => s.name).join(", ")),
    el("td", { class: "num", "data-label": "Size" }, bytes(b.storedBytes)),
    el("td", { class: "num", "data-label": "Duration" }, duration(b.durationMs)),
    el("td", { "data-label": "Encrypted" }, b.encrypted ? "yes" : "no"),
    el("td", { "data-label": "Checks", class: "checks-cell" }, checks(b)),
    el("td", { "data-label": "Actions", class: "row-actions" },
      button("Download", b.id, () => download(b)),
      button("Verify", b.id, (e) => verify(b, e.currentTarget)),
      button("Drill", b.id, (e) => drill(b, e.currentTarget)),
      button("Restore", b.id, () => openRestore(b)),
      button("Delete", b.id, () => openDelete(b), "danger"))));
  $("backups").tBodies[0].replaceChildren(...rows);
  show("backups-empty", page.totalElements === 0);
  $("backups-empty").textContent = state.filter.source || state.filter.label ? "No backup matches this filter." : "No backups yet.";
  $("page-info").textContent = page.totalElements === 0 ? "" : `Page ${page.page + 1} of ${page.totalPages} (${page.totalElements} backups)`;
  $("page-prev").disabled = page.page <= 0;
  $("page-next").disabled = page.page >= page.totalPages - 1;
}

function button(text, id, onclick, kind = "secondary") {
  return el("button", { type: "button", class: `small ${kind}`, "aria-label": `${text} backup ${id}`, onclick }, text);
}

function checks(b) {
  const parts = [];
  if (b.lastVerify) {
    const v = b.lastVerify;
    parts.push(el("span", { class: v.ok ? "good" : "bad", title: `verified ${new Date(v.verifiedAt).toISOString()}` },
      v.ok ? "verified: sound" : v.error ? "verify failed" : `verified: ${v.problems.length} problem(s)`));
  }
  if (b.lastDrill) {
    const d = b.lastDrill;
    parts.push(el("span", { class: d.ok ? "good" : "bad", title: `drilled ${new Date(d.drilledAt).toISOString()}` },
      d.ok ? `drill passed (RTO ${duration(d.rtoSeconds * 1000)})` : "drill failed"));
  }
  return parts.length ? parts.flatMap((p, i) => (i ? [el("br"), p] : [p])) : [el("span", { class: "muted" }, "not checked")];
}

async function download(b) {
  showProblem("backups-problem", null);
  if (state.api.signIn === "session") {
    // The browser's own download streams the file to disk; the session cookie authorises it.
    const link = el("a", { href: state.api.downloadUrl(b.id), download: "", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    return;
  }
  try {
    const response = await state.api.download(b.id);
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1] || `${b.id}.tar`;
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    failed("backups-problem", e);
  }
}

async function verify(b, trigger) {
  const box = $("verify-result");
  showProblem("backups-problem", null);
  box.hidden = false;
  box.className = "result";
  box.replaceChildren(`Verifying ${b.id}…`);
  trigger.disabled = true;
  try {
    const report = await state.api.verify(b.id);
    box.className = `result ${report.ok ? "good-box" : "bad-box"}`;
    box.replaceChildren(el("strong", {}, report.ok ? `Backup ${b.id} is sound.` : `Backup ${b.id} has ${report.problems.length} problem(s):`),
      ` Checked ${bytes(report.storedBytes)} (${report.level}) in ${duration(report.durationMs)}.`,
      report.problems.length ? el("ul", {}, report.problems.map((p) => el("li", {}, p))) : "");
    await loadBackups();
  } catch (e) {
    box.hidden = true;
    failed("backups-problem", e);
  } finally {
    trigger.disabled = false;
  }
}

async function drill(b, trigger) {
  const box = $("verify-result");
  showProblem("backups-problem", null);
  trigger.disabled = true;
  try {
    const job = await state.api.drill(b.id);
    box.hidden = false;
    box.className = "result";
    box.replaceChildren(`Drilling ${b.id}: restoring it into a scratch place and checking it…`);
    followJob(job.jobId, "backups-problem", (done) => {
      box.className = `result ${done.status === "succeeded" ? "good-box" : "bad-box"}`;
      box.replaceChildren(el("strong", {}, done.status === "succeeded" ? `Drill of ${b.id} passed.` : `Drill of ${b.id} failed.`),
        done.error ? ` ${done.error}` : "");
    });
  } catch (e) {
    failed("backups-problem", e);
  } finally {
    trigger.disabled = false;
  }
}

// ---- restore -----------------------------------------------------------------------------------

let restoring = null; // the backup summary the dialog is about

function wireRestoreDialog() {
  $("restore-confirm").addEventListener("input", updateRestoreButton);
  $("restore-source").addEventListener("change", () => fillRestoreChoices());
  $("restore-close").addEventListener("click", () => $("restore-dialog").close());
  $("restore-form").addEventListener("submit", onRestore);
}

async function openRestore(b) {
  const current = { summary: b, detail: null };
  restoring = current;
  const dialog = $("restore-dialog");
  $("restore-title").textContent = `Restore backup ${b.id}`;
  $("restore-about").replaceChildren(`Taken `, time(b.startedAt), `, ${bytes(b.storedBytes)}.`);
  $("restore-confirm").value = "";
  $("restore-tables-text").value = "";
  $("restore-confirm-hint").textContent = `Type ${b.id} to confirm: a restore replaces what the target holds.`;
  $("restore-safety").checked = state.status ? state.status.restore.safetyBackup : true;
  show("restore-job", false);
  showProblem("restore-problem", null);
  $("restore-start").hidden = false;
  $("restore-close").textContent = "Cancel";
  for (const field of $("restore-form").querySelectorAll("input, select")) field.disabled = false;
  $("restore-source").replaceChildren(...b.sources.map((s) => el("option", { value: s.name }, `${s.name} (${s.type})`)));
  fillRestoreChoices(); // this backup's choices at once; its table list follows
  dialog.showModal();
  try {
    const detail = await state.api.backup(b.id);
    if (restoring !== current) return; // another backup's dialog was opened meanwhile
    current.detail = detail;
    fillRestoreChoices();
  } catch (e) {
    if (restoring === current) failed("restore-problem", e);
  }
}

function fillRestoreChoices() {
  const b = restoring.summary;
  const sourceName = $("restore-source").value;
  const source = b.sources.find((s) => s.name === sourceName);
  const options = [];
  const restore = state.status.restore;
  for (const target of restore.targets) {
    const fits = !source || target.type === source.type || target.type === "unknown";
    options.push(el("option", { value: target.name, disabled: !fits }, `${target.name} (${target.type})${fits ? "" : " — another type"}`));
  }
  if (restore.inPlace.includes(sourceName)) {
    options.push(el("option", { value: "" }, `${sourceName} itself (in place)`));
  }
  const target = $("restore-target");
  target.replaceChildren(...options);
  const firstUsable = options.find((o) => !o.disabled);
  if (firstUsable) target.value = firstUsable.value;
  $("restore-target-note").textContent = options.length === 0
    ? "Nowhere to restore into: add a target to backup.restore.targets, or allow in-place restores (backup.restore.allow-in-place)."
    : "Only targets on the allow-list backup.restore.targets are offered.";
  const detailSource = restoring.detail?.sources.find((s) => s.name === sourceName);
  const tables = detailSource ? detailSource.tables.map((t) => t.name) : [];
  $("restore-tables").replaceChildren(...tables.map((name, i) => el("div", { class: "check" },
    el("input", { type: "checkbox", id: `restore-table-${i}`, value: name }), el("label", { for: `restore-table-${i}` }, name))));
  const database = source && TABLE_RESTORES.includes(source.type);
  show("restore-tables-set", Boolean(database));
  show("restore-tables-free", Boolean(database) && tables.length === 0);
  updateRestoreButton();
}

function updateRestoreButton() {
  const ready = restoring && $("restore-confirm").value.trim() === restoring.summary.id && $("restore-target").options.length > 0
    && !$("restore-target").selectedOptions[0]?.disabled;
  $("restore-start").disabled = !ready;
}

function chosenTables() {
  if ($("restore-tables-set").hidden) return [];
  if (!$("restore-tables-free").hidden) {
    return $("restore-tables-text").value.split(",").map((name) => name.trim()).filter(Boolean);
  }
  return [...$("restore-tables").querySelectorAll("input:checked")].map((box) => box.value);
}

async function onRestore(event) {
  event.preventDefault();
  if ($("restore-start").disabled) return;
  const b = restoring.summary;
  const target = $("restore-target").value;
  const request = { confirm: $("restore-confirm").value.trim(), source: $("restore-source").value, safetyBackup: $("restore-safety").checked };
  if (target) request.target = target;
  const tables = chosenTables();
  if (tables.length) request.tables = tables;
  showProblem("restore-problem", null);
  $("restore-start").disabled = true;
  try {
    const job = await state.api.restore(b.id, request);
    for (const field of $("restore-form").querySelectorAll("input, select")) field.disabled = true;
    show("restore-job", true);
    $("restore-job-progress").removeAttribute("value");
    $("restore-job-title").textContent = `Restoring into ${target || `${request.source} (in place)`}…`;
    followJob(job.jobId, "restore-problem", (done) => {
      $("restore-start").hidden = true;
      $("restore-close").textContent = "Close";
      if (done.status === "succeeded") {
        $("restore-job-progress").value = 100;
        $("restore-job-progress").max = 100;
        $("restore-job-title").textContent = `Restore succeeded${done.safetyBackupId ? `; what the target held before is in backup ${done.safetyBackupId}` : ""}.`;
      } else {
        show("restore-job", false);
        showProblem("restore-problem", new ApiError(0, "Restore failed", done.error || "See the application log."));
      }
      $("restore-close").focus();
    });
  } catch (e) {
    $("restore-start").disabled = false;
    failed("restore-problem", e);
  }
}

// ---- delete ------------------------------------------------------------------------------------

let deleting = null;

function wireDeleteDialog() {
  $("delete-cancel").addEventListener("click", () => $("delete-dialog").close());
  $("delete-form").addEventListener("submit", onDelete);
}

function openDelete(b) {
  deleting = { summary: b, force: false };
  $("delete-title").textContent = `Delete backup ${b.id}`;
  $("delete-about").replaceChildren(`Backup ${b.id} (`, time(b.startedAt), `, ${bytes(b.storedBytes)}) is deleted from every destination. This cannot be undone.`);
  $("delete-confirm").textContent = "Delete";
  showProblem("delete-problem", null);
  $("delete-dialog").showModal();
  $("delete-cancel").focus();
}

async function onDelete(event) {
  event.preventDefault();
  const { summary, force } = deleting;
  $("delete-confirm").disabled = true;
  try {
    await state.api.remove(summary.id, force);
    $("delete-dialog").close();
    await Promise.all([loadBackups(true), loadAudit(), refreshStatusOnce()]);
    $("backups-title").focus(); // the row and its button are gone
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.title === "Only backup") {
      deleting.force = true;
      $("delete-confirm").textContent = "Delete anyway";
      failed("delete-problem", new ApiError(409, "Only backup", `${summary.id} is the only complete backup: deleting it leaves nothing `
        + "to restore. Choose \"Delete anyway\" to delete it all the same."));
      return;
    }
    failed("delete-problem", e);
  } finally {
    $("delete-confirm").disabled = false;
  }
}

// ---- audit -------------------------------------------------------------------------------------

async function loadAudit() {
  const session = state.session;
  try {
    const entries = await state.api.audit(20);
    if (session !== state.session) return;
    $("audit").tBodies[0].replaceChildren(...entries.map((entry) => el("tr", {},
      el("td", { "data-label": "Time" }, time(entry.at)),
      el("td", { "data-label": "Who" }, entry.who),
      el("td", { "data-label": "Action" }, entry.action),
      el("td", { "data-label": "Backup" }, entry.backupId ? el("code", {}, entry.backupId) : "—"),
      el("td", { "data-label": "Outcome", class: ["denied", "refused", "failed", "problems"].includes(entry.outcome) ? "bad" : "" }, entry.outcome),
      el("td", { "data-label": "Detail" }, entry.detail || ""))));
    show("audit-empty", entries.length === 0);
  } catch (e) {
    if (session === state.session) failed("page-problem", e);
  }
}

boot();
