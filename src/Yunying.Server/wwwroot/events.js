// Analytics › Events: the live tail. Without this file the page is a plain filter form with an "older" link.
(() => {
    const tail = document.getElementById("live-tail");
    const rows = document.getElementById("event-rows");
    if (!tail || !rows || !window.fetch) {
        return;
    }

    const toggle = document.getElementById("live-tail-toggle");
    const status = document.getElementById("live-tail-status");
    const api = tail.dataset.api;
    const separator = api.includes("?") ? "&" : "?";
    const intervalMs = 2000;
    const maxRows = 500;
    let newest = tail.dataset.newest || "";
    let timer = null;
    let busy = false;

    const time = (micros) => new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19).replace("T", " ") + " UTC";

    const cell = (child) => {
        const td = document.createElement("td");
        if (typeof child === "string") {
            td.textContent = child;
        } else {
            td.appendChild(child);
        }
        return td;
    };

    const rowFor = (event) => {
        const tr = document.createElement("tr");
        tr.dataset.uuid = event.uuid;
        tr.className = "live-new";
        const when = cell(time(event.timestampMicros));
        when.className = "nowrap";
        const link = document.createElement("a");
        link.href = tail.dataset.eventLink + encodeURIComponent(event.event);
        link.textContent = event.event;
        const who = document.createElement("code");
        who.textContent = event.distinctId;
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        summary.textContent = tail.dataset.propertiesLabel.replace("{0}", String(Object.keys(event.properties || {}).length));
        const pre = document.createElement("pre");
        pre.className = "properties";
        pre.textContent = JSON.stringify(event.properties, null, 2);
        details.append(summary, pre);
        tr.append(when, cell(link), cell(who), cell(details));
        return tr;
    };

    const poll = async () => {
        if (busy) {
            return;
        }
        busy = true;
        try {
            const url = api + (newest ? separator + "after=" + encodeURIComponent(newest) : "");
            const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            const page = await response.json();
            const known = new Set(Array.from(rows.children, (tr) => tr.dataset.uuid));
            // The page is newest first: insert from the oldest so the newest ends on top.
            for (const event of page.events.slice().reverse()) {
                if (!known.has(event.uuid)) {
                    rows.insertBefore(rowFor(event), rows.firstChild);
                }
            }
            while (rows.children.length > maxRows) {
                rows.removeChild(rows.lastChild);
            }
            if (page.newest) {
                newest = page.newest;
            }
            const none = document.querySelector("[data-testid='no-match']");
            if (none && rows.children.length > 0) {
                none.hidden = true;
            }
            status.textContent = tail.dataset.onLabel;
        } catch {
            status.textContent = tail.dataset.errorLabel;
        } finally {
            busy = false;
        }
    };

    const set = (on) => {
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        status.textContent = on ? tail.dataset.onLabel : tail.dataset.offLabel;
        if (on && timer === null) {
            poll();
            timer = window.setInterval(poll, intervalMs);
        } else if (!on && timer !== null) {
            window.clearInterval(timer);
            timer = null;
        }
    };

    toggle.addEventListener("click", () => set(toggle.getAttribute("aria-pressed") !== "true"));
    tail.hidden = false;
})();
