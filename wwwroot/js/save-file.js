// Hands text made on the server to the browser as a file download (the System page's "Download backup").
export function saveFile(fileName, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The download has started from the link; the object URL may go after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
}
