// binhdang — small behaviours that need no framework.
// Forms with data-confirm ask before submitting (delete, revoke).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
