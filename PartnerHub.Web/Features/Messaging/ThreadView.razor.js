// The conversation's log: opens at the newest message, follows new ones only while the reader is at the bottom,
// and keeps the reader's place when older messages load above.
const followSlack = 48;

function atBottom(log) {
    return log.scrollHeight - log.scrollTop - log.clientHeight <= followSlack;
}

export function scrollToBottom(log) {
    if (log) log.scrollTop = log.scrollHeight;
}

export function noteFollowing(log) {
    if (log) log.dataset.following = atBottom(log) ? "true" : "false";
}

export function scrollToBottomIfFollowing(log) {
    if (log && log.dataset.following !== "false") log.scrollTop = log.scrollHeight;
}

export function scrollHeight(log) {
    return log ? log.scrollHeight : 0;
}

export function keepPlace(log, heightBefore) {
    if (log && heightBefore > 0) log.scrollTop += log.scrollHeight - heightBefore;
}

// Brings the bottom of the conversation (the composer) into the window when the page opened with it below the fold.
export function revealBottom(root) {
    if (!root) return;
    const box = root.getBoundingClientRect();
    if (box.bottom > window.innerHeight) root.scrollIntoView({ block: "end" });
}
