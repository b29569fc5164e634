// Saves text as a file without a server: a Blob, an object URL and a temporary download link.
// Nothing is uploaded; the object URL is released once the browser has started the download.

export function downloadText(filename: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a domain: `chiqio.com` + `mail.zone` → `chiqio.com-mail.zone`. */
export function fileName(zone: string, suffix: string): string {
  const base =
    zone
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '_') || 'records';
  return `${base}-${suffix}`;
}
