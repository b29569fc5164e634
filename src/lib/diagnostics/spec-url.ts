// Links a spec reference such as `RFC 7208 §4.6.4` to the RFC Editor's HTML page and section.

export function specUrl(spec: string): string | null {
  const m = /RFC\s*(\d+)(?:\s*§\s*((?:[A-Z]|\d+)(?:\.\d+)*))?/i.exec(spec);
  if (!m) return null;
  const base = `https://www.rfc-editor.org/rfc/rfc${m[1]}`;
  if (!m[2]) return base;
  const section = m[2];
  return /^[A-Z]/.test(section) ? `${base}#appendix-${section}` : `${base}#section-${section}`;
}
