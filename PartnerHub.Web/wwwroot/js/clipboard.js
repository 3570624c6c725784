// Copies text for a copy button: the Clipboard API where the page may use it, else a hidden textarea and execCommand.
// Returns whether the text was copied.
window.phClipboard = {
    async copy(text) {
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch {
            // fall through to the older way
        }
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.append(area);
        area.select();
        let copied = false;
        try {
            copied = document.execCommand("copy");
        } catch {
            copied = false;
        }
        area.remove();
        return copied;
    }
};
