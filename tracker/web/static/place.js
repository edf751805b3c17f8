// After an action the page opens at the card or item acted on (its id in the address); focus
// goes there too, so that a keyboard or screen reader carries on from it. Without this script
// the browser still scrolls to it.
document.addEventListener("DOMContentLoaded", () => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target && target.hasAttribute("tabindex")) {
    target.focus();
  }
});
