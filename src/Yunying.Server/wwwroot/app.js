// Progressive enhancement only: every form works without this file.
document.documentElement.classList.add("js");

// Forms with data-confirm ask first (key rotation, removing a member, revoking a token).
document.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});

// The project switcher navigates as soon as a project is picked.
document.addEventListener("change", (event) => {
    if (event.target.matches("select[data-autosubmit]")) {
        event.target.form.requestSubmit();
    }
});
