// The report workspace: calendar pickers for dd/mm/yyyy fields, the default cut-off of a new report,
// and the draft's autosave (every change kept in localStorage until the server has it, so nothing typed
// is lost when the connection drops). No inline script: the page's CSP allows same-origin files only.
(function () {
  "use strict";
  const pad = (n) => String(n).padStart(2, "0");
  const toText = (iso) => { const [y, m, d] = iso.split("-"); return `${d}/${m}/${y}`; };
  const toIso = (text) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text || "").trim());
    return m ? `${m[3]}-${pad(m[2])}-${pad(m[1])}` : "";
  };
  const localToday = () => { const t = new Date(); return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`; };

  function datePickers(root) {
    root.querySelectorAll(".datepick").forEach((box) => {
      const text = box.querySelector("input:not(.picker)"), picker = box.querySelector(".picker"), button = box.querySelector(".pick");
      if (!text || !picker || !button) return;
      button.hidden = false;
      button.addEventListener("click", () => {
        picker.value = toIso(text.value);
        if (typeof picker.showPicker === "function") { try { picker.showPicker(); return; } catch (e) { /* fall through */ } }
        picker.focus();
      });
      picker.addEventListener("change", () => {
        if (!picker.value) return;
        text.value = toText(picker.value);
        text.dataset.touched = "1";
        text.dispatchEvent(new Event("input", { bubbles: true }));
      });
      text.addEventListener("input", (e) => { if (e.isTrusted) text.dataset.touched = "1"; });
    });
  }

  // The last day of a period key: 2025, 2025-H1, 2025-Q3, 2025-11.
  function periodEnd(key) {
    let m = /^(\d{4})$/.exec(key); if (m) return `${m[1]}-12-31`;
    m = /^(\d{4})-H([12])$/.exec(key); if (m) return m[2] === "1" ? `${m[1]}-06-30` : `${m[1]}-12-31`;
    m = /^(\d{4})-Q([1-4])$/.exec(key);
    let y, month;
    if (m) { y = +m[1]; month = 3 * +m[2]; } else {
      m = /^(\d{4})-(\d{2})$/.exec(key); if (!m) return ""; y = +m[1]; month = +m[2];
    }
    const last = new Date(y, month, 0).getDate();
    return `${y}-${pad(month)}-${pad(last)}`;
  }

  function newReportForm(form) {
    const period = form.querySelector("[name=period]"), cutoff = form.querySelector("[name=cutoff]");
    const range = form.querySelector(".range"), to = form.querySelector("[name=date_to]");
    if (!period || !cutoff) return;
    const update = () => {
      if (range) range.hidden = period.value !== "range";
      if (cutoff.dataset.touched) return;
      const end = period.value === "range" ? toIso(to && to.value) : periodEnd(period.value);
      if (!end) return;
      const today = localToday();
      cutoff.value = toText(end < today ? end : today);
    };
    period.addEventListener("change", update);
    if (to) to.addEventListener("input", update);
    update();
  }

  function autosave(form) {
    const status = document.getElementById("autosave-status");
    const key = form.dataset.key, url = form.dataset.autosave;
    let timer = null, inflight = false, again = false, dirty = false;
    const say = (text, bad) => { if (status) { status.textContent = text; status.classList.toggle("error", !!bad); } };
    const msg = (name) => (status && status.dataset[name]) || "";
    const values = () => {
      const out = {};
      new FormData(form).forEach((v, k) => { if (k !== "csrfmiddlewaretoken") out[k] = String(v); });
      return out;
    };
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const keep = () => { try { localStorage.setItem(key, JSON.stringify({ values: values(), at: Date.now() })); } catch (e) { /* full or private */ } };
    const forget = () => { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } };
    const clearErrors = () => form.querySelectorAll("ul.errorlist.live").forEach((ul) => ul.remove());

    async function save() {
      timer = null;
      if (inflight) { again = true; return; }
      inflight = true;
      const sent = values();
      say(msg("saving"));
      try {
        const response = await fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                            headers: { "X-Requested-With": "fetch", "Accept": "application/json" } });
        const data = await response.json().catch(() => ({}));
        clearErrors();
        if (response.ok) {
          say(`${msg("saved")} ${data.saved_at || ""}`);
          if (same(sent, values())) { dirty = false; forget(); }
        } else if (response.status === 400 && data.errors) {
          say(msg("invalid"), true);
          Object.entries(data.errors).forEach(([name, errors]) => {
            const field = form.querySelector(`[name="${name}"]`);
            if (!field) return;
            const ul = document.createElement("ul");
            ul.className = "errorlist live";
            errors.forEach((t) => { const li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
            (field.closest(".datepick") || field).after(ul);
          });
        } else {
          say(`${msg("conflict")} ${data.error || response.status}`, true);
        }
      } catch (e) {
        say(msg("offline"), true);
        setTimeout(() => { if (dirty) schedule(0); }, 15000);
      } finally {
        inflight = false;
        if (again) { again = false; schedule(0); }
      }
    }
    function schedule(ms) { clearTimeout(timer); timer = setTimeout(save, ms); }
    const changed = () => { dirty = true; keep(); schedule(1200); };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => { clearTimeout(timer); keep(); dirty = false; });
    window.addEventListener("online", () => { if (dirty) schedule(0); });
    window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
    // What was typed but never reached the server (a dropped connection, a closed tab): put it back.
    let stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && stored.values && !same(stored.values, values())) {
      Object.entries(stored.values).forEach(([name, value]) => {
        const field = form.elements.namedItem(name);
        if (field && "value" in field) field.value = value;
      });
      say(msg("restored"));
      dirty = true;
      schedule(300);
    } else if (stored) {
      forget();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    datePickers(document);
    document.querySelectorAll("form.form-new").forEach(newReportForm);
    const draft = document.getElementById("version-form");
    if (draft) autosave(draft);
    document.querySelectorAll("[data-confirm]").forEach((el) => {
      el.addEventListener("click", (e) => { if (!window.confirm(el.dataset.confirm)) e.preventDefault(); });
    });
  });
})();
