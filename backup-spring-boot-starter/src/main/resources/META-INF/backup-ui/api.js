// Calls to the backup REST API: the same calls a script makes, with the same credentials rules.
// Token sign-in keeps the token in sessionStorage (this tab only); never in a URL, never in localStorage.

const TOKEN_KEY = "backup-ui.token";

/** An error answered by the API as a problem detail (or a network failure), shown as title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail, body) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.body = body || {};
  }
}

export class Api {
  /** @param config what config.json says: {api, signIn: "token"|"session", csrf?: {header, token}} */
  constructor(config) {
    this.base = config.api;
    this.signIn = config.signIn;
    this.csrf = config.csrf || null;
  }

  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  set token(value) {
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }

  /** Whether the page can call the API without asking for a token first. */
  get ready() {
    return this.signIn === "session" || Boolean(this.token);
  }

  headers(write, token) {
    const headers = { Accept: "application/json, application/problem+json" };
    const bearer = token ?? this.token;
    if (this.signIn === "token" && bearer) {
      headers.Authorization = `Bearer ${bearer}`;
    }
    if (write && this.csrf) {
      headers[this.csrf.header] = this.csrf.token;
    }
    return headers;
  }

  async request(method, path, { body, token, raw } = {}) {
    const write = method !== "GET";
    const headers = this.headers(write, token);
    const init = { method, headers, credentials: "same-origin", cache: "no-store", redirect: "manual" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(this.base + path, init);
    } catch (e) {
      throw new ApiError(0, "Cannot reach the application",
        "The request did not get an answer (the application may be restarting, or the network is down). Try again in a moment.");
    }
    if (response.type === "opaqueredirect") {
      // The application's login answered instead of the API: the session ended.
      throw new ApiError(401, "Signed out", "Your session with the application has ended. Reload the page to sign in again.");
    }
    if (!response.ok) {
      throw await problem(response);
    }
    if (raw) {
      return response;
    }
    if (response.status === 204) {
      return null;
    }
    return response.json();
  }

  /** Checks a token by reading the status with it; keeps it only when the API takes it. */
  async signInWith(token) {
    const status = await this.request("GET", "/status", { token });
    this.token = token;
    return status;
  }

  status() { return this.request("GET", "/status"); }
  audit(limit = 20) { return this.request("GET", `/audit?limit=${limit}`); }
  job(id) { return this.request("GET", `/jobs/${encodeURIComponent(id)}`); }
  backup(id) { return this.request("GET", `/${encodeURIComponent(id)}`); }
  startBackup() { return this.request("POST", "", { body: {} }); }
  verify(id) { return this.request("POST", `/${encodeURIComponent(id)}/verify`, { body: { level: "checksum" } }); }
  drill(id) { return this.request("POST", `/${encodeURIComponent(id)}/drill`); }
  restore(id, request) { return this.request("POST", `/${encodeURIComponent(id)}/restore`, { body: request }); }
  remove(id, force) { return this.request("DELETE", `/${encodeURIComponent(id)}${force ? "?force=true" : ""}`); }
  download(id) { return this.request("GET", `/${encodeURIComponent(id)}/download`, { raw: true }); }
  downloadUrl(id) { return `${this.base}/${encodeURIComponent(id)}/download`; }

  list({ page = 0, size = 20, source = "", label = "" } = {}) {
    const query = new URLSearchParams({ page: String(page), size: String(size) });
    if (source) query.set("source", source);
    if (label) query.set("label", label);
    return this.request("GET", `?${query}`);
  }
}

async function problem(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: an application's own error page, a proxy's answer
  }
  if (body && (body.title || body.detail)) {
    return new ApiError(response.status, body.title || response.statusText, body.detail || "", body);
  }
  const hints = {
    401: "Sign in again (reload the page).",
    403: "The application refused the call without saying why: your session may have expired or its CSRF token changed. Reload the page and sign in again.",
    404: "The backup API is not there: is backup.api.enabled false, or backup.api.base-path changed?",
  };
  return new ApiError(response.status, `HTTP ${response.status}`, hints[response.status] || response.statusText || "", body);
}
