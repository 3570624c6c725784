// The app shell's small browser-side helpers: the theme cookie and the skip link.
window.phShell = {
    // Remembers the light/dark choice for a year; the server reads it on the next page request.
    saveTheme: function (dark) {
        document.cookie = "ph-theme=" + (dark ? "dark" : "light") + "; path=/; max-age=31536000; samesite=lax";
        document.body.classList.toggle("ph-dark", dark);
    }
};

// "Skip to content" moves focus to the page's main landmark (a plain #fragment link would navigate away under <base href="/">).
document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.ph-skip-link");
    if (!link) return;
    var main = document.getElementById("main-content");
    if (!main) return;
    e.preventDefault();
    main.focus();
    main.scrollIntoView();
});
