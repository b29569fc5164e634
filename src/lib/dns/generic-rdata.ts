// RFC 3597 §5: the generic presentation of RDATA a server does not know how to show,
// `\# <length> <hex>` (Cloudflare's JSON API has been seen using it for CAA and TLSA).

/** `\# 3 01 02 03` → octets; null when `data` is not in that form or the length disagrees. */
export function genericRdata(data: string): Uint8Array | null {
  const m = /^\\#\s+(\d+)((?:\s+[0-9a-fA-F]+)*)\s*$/.exec(data.trim());
  if (!m) return null;
  const hex = m[2].replace(/\s+/g, '');
  if (hex.length % 2 !== 0 || hex.length / 2 !== Number(m[1])) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
