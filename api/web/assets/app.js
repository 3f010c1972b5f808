// Cuepoint's web app: the little script the pages need. Everything works without it but
// the uploader's progress bar and result in place.
"use strict";

// The CSV uploader of /imports: a file dropped on the drop zone or chosen with the file
// picker is checked here (a .csv name, not over the server's upload limit), sent to
// POST /imports/upload (which stands for POST /api/v1/etl/csv) with the session's CSRF
// token in the X-CSRF-Token header, its progress shown by the <progress> bar from the
// upload's progress events, and the API's answer shown in place: rows accepted, rejected
// rows with their line numbers, a duplicate of an earlier import, or the API's error.
(function () {
  const form = document.getElementById("uploader");
  if (!form) {
    return;
  }
  const zone = document.getElementById("dropzone");
  const picker = document.getElementById("upload-file");
  const source = document.getElementById("upload-source");
  const bar = document.getElementById("upload-progress");
  const result = document.getElementById("upload-result");
  const csrf = form.querySelector("input[name=csrf]").value;
  const limit = Number(form.dataset.uploadLimit);
  const limitText = form.dataset.uploadLimitText;

  // An element with text and optional attributes (text is never parsed as HTML).
  function el(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    return node;
  }

  function show(state, nodes) {
    result.replaceChildren(...nodes);
    result.dataset.state = state;
    form.classList.toggle("busy", state === "uploading");
  }

  function failure(message) {
    show("error", [el("p", message, { class: "error", role: "alert" })]);
  }

  // The rejected rows of an import's answer, by line.
  function rejectionList(rejections, total) {
    if (!rejections || rejections.length === 0) {
      return [];
    }
    const list = el("ol", null, { class: "rejections" });
    rejections.forEach((row) => {
      const item = el("li", null, { "data-line": row.line });
      item.append(el("strong", "Line " + row.line));
      if (row.column) {
        item.append(" (", el("code", row.column), ")");
      }
      item.append(": " + (row.reason || row.message || ""));
      list.append(item);
    });
    const nodes = [el("h3", "Rejected rows"), list];
    if (total > rejections.length) {
      nodes.push(el("p", "The first " + rejections.length + " of " + total + " are listed."));
    }
    return nodes;
  }

  function importLink(id, text) {
    return el("a", text, { href: "/imports/" + encodeURIComponent(id) });
  }

  // A completed import (201).
  function completed(outcome) {
    const summary = el("p", null, { class: "outcome" });
    summary.append(
      "Imported: ",
      el("strong", outcome.accepted, { "data-figure": "accepted" }),
      " rows accepted, ",
      el("strong", outcome.rejected, { "data-figure": "rejected" }),
      " rejected. "
    );
    summary.append(importLink(outcome.id, "Open the import"));
    const reload = el("p", null);
    reload.append(
      el("a", "Show it in the list of imports", {
        href: "/imports?after=" + encodeURIComponent(outcome.consistency_token),
      })
    );
    show("completed", [summary, ...rejectionList(outcome.rejections, outcome.rejected), reload]);
  }

  // A failed import (422): the API's error, its missing columns or first rejected rows.
  function failed(body) {
    const nodes = [el("p", "The import failed: " + body.error.message, { class: "error", role: "alert" })];
    const missing = body.error.details.filter((d) => d.code === "missing_column");
    if (missing.length > 0) {
      nodes.push(el("p", "Missing columns: " + missing.map((d) => d.field).join(", ")));
    }
    const outcome = body.import;
    if (outcome) {
      nodes.push(...rejectionList(outcome.rejections, outcome.rejected));
      const more = el("p", null);
      more.append(importLink(outcome.id, "Open the import"));
      nodes.push(more);
    }
    show("failed", nodes);
  }

  // A content imported before (409 duplicate_import).
  function duplicate(body) {
    const message = el("p", body.error.message + " ", { class: "error", role: "alert" });
    const earlier = body.error.details.find((d) => d.field === "import_id");
    if (earlier) {
      message.append(importLink(earlier.message, "Open that import"));
    }
    show("duplicate", [message]);
  }

  function answered(xhr) {
    let body = null;
    try {
      body = JSON.parse(xhr.responseText);
    } catch (_) {
      body = null;
    }
    if (xhr.status === 201 && body) {
      completed(body);
    } else if (xhr.status === 422 && body && body.import) {
      failed(body);
    } else if (xhr.status === 409 && body && body.error) {
      duplicate(body);
    } else if (body && body.error) {
      failure("The upload was refused (" + xhr.status + "): " + body.error.message);
    } else if (xhr.status === 403) {
      failure("The upload was refused (403): your session has expired; reload the page and sign in again.");
    } else {
      failure("The upload failed (HTTP " + xhr.status + ").");
    }
  }

  // Checks `file` against what the server takes; the reason it would refuse it, or null.
  function refusal(file) {
    if (!/\.csv$/i.test(file.name)) {
      return "“" + file.name + "” is not a .csv file.";
    }
    if (file.size > limit) {
      return "“" + file.name + "” is " + file.size + " bytes, over the upload limit of " + limitText + ".";
    }
    return null;
  }

  function upload(file) {
    const refused = refusal(file);
    if (refused) {
      failure(refused);
      return;
    }
    const query = new URLSearchParams({ file_name: file.name });
    if (source.value.trim() !== "") {
      query.set("source", source.value.trim());
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/imports/upload?" + query.toString());
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    bar.textContent = "0 %";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        bar.max = Math.max(event.total, 1);
        bar.value = event.loaded;
        bar.textContent = Math.round((100 * event.loaded) / bar.max) + " %";
      }
    });
    xhr.upload.addEventListener("load", () => {
      bar.value = bar.max;
      bar.textContent = "100 %";
    });
    xhr.addEventListener("load", () => answered(xhr));
    xhr.addEventListener("error", () => failure("The upload failed: the server could not be reached."));
    xhr.addEventListener("abort", () => failure("The upload was cancelled."));
    show("uploading", [el("p", "Uploading “" + file.name + "”…")]);
    xhr.send(file);
  }

  picker.addEventListener("change", () => {
    if (picker.files.length > 0) {
      upload(picker.files[0]);
    }
  });
  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, () => zone.classList.remove("over"))
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = event.dataTransfer ? event.dataTransfer.files : [];
    if (files.length === 1) {
      upload(files[0]);
    } else {
      failure("Drop one .csv file at a time.");
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (picker.files.length > 0) {
      upload(picker.files[0]);
    }
  });
})();
