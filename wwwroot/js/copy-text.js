// Copies the text of an element (the Account page's new token). The clipboard API needs a secure context
// (HTTPS or localhost); on plain HTTP from another machine the text is selected for Ctrl+C instead.
export async function copyText(element) {
    const text = element.textContent;
    if (navigator.clipboard && window.isSecureContext) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            // Refused (no permission): fall through to selecting it.
        }
    }
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return false;
}
