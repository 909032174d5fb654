// storycheck: the app's only script (the Content-Security-Policy allows no other).
// 1. The add-articles form checks the number and size of the chosen files before
//    sending them, so a too-large upload is refused at once with a clear message
//    (the server enforces the same limits).
// 2. "/" puts the cursor in the search box.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.add");
  if (form) {
    const maxFiles = Number(form.dataset.maxFiles);
    const maxBytes = Number(form.dataset.maxBytes);
    const input = form.querySelector("input[type=file]");
    const error = form.querySelector("#add-error");
    const check = () => {
      const files = Array.from(input.files);
      const bytes = files.reduce((sum, f) => sum + f.size, 0);
      let message = "";
      if (files.length > maxFiles) {
        message = `Too many files: ${files.length} chosen, at most ${maxFiles} at a time.`;
      } else if (bytes > maxBytes) {
        message = `The files add up to ${(bytes / 1e6).toFixed(1)} MB; the limit is ${(maxBytes / 1e6).toFixed(1)} MB.`;
      }
      error.textContent = message;
      error.hidden = !message;
      return !message;
    };
    input.addEventListener("change", check);
    form.addEventListener("submit", (event) => {
      if (!check()) event.preventDefault();
    });
  }

  const search = document.querySelector(".search input");
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && search) {
      event.preventDefault();
      search.focus();
    }
  });
});
