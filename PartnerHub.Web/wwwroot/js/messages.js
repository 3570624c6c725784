// Opens a search hit: scrolls the message into view and wraps the searched words in <mark>.
// Works on text nodes only (textContent), so nothing from the message is ever parsed as HTML.
window.phMessages = {
    focus(messageId, words) {
        const el = document.querySelector(`[data-message-id="${Number(messageId)}"]`);
        if (!el) return false;
        el.scrollIntoView({ block: "center" });
        el.classList.add("ph-message-focus");
        const body = el.querySelector(".ph-message-body");
        const terms = (words || []).filter(w => w && w.length > 0).map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        if (!body || terms.length === 0 || body.querySelector("mark")) return true;
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.join("|")})[\\p{L}\\p{N}]*`, "giu");
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        const nodes = [];
        while (walker.nextNode()) nodes.push(walker.currentNode);
        for (const node of nodes) {
            const text = node.nodeValue;
            pattern.lastIndex = 0;
            if (!pattern.test(text)) continue;
            pattern.lastIndex = 0;
            const fragment = document.createDocumentFragment();
            let last = 0;
            let match;
            while ((match = pattern.exec(text)) !== null) {
                fragment.append(text.slice(last, match.index));
                const mark = document.createElement("mark");
                mark.textContent = match[0];
                fragment.append(mark);
                last = match.index + match[0].length;
            }
            fragment.append(text.slice(last));
            node.replaceWith(fragment);
        }
        return true;
    }
};
