// A button that copies a field's text (a feed's secret address). Without this script the
// button stays hidden and the read-only field is there to select and copy by hand.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) {
      continue;
    }
    const status = button.closest(".copy-field")?.querySelector(".copy-status");
    button.hidden = false;
    field.addEventListener("focus", () => field.select());
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        // Outside a secure context there is no clipboard API; the older command still works.
        document.execCommand("copy");
      }
      if (status) {
        status.textContent = button.dataset.copied;
      }
    });
  }
});
