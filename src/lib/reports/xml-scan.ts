// The fast path for well-formed report XML: one pass of indexOf over the text, building the same
// tree fast-xml-parser builds with the options of parse-aggregate.ts (element names lower-cased,
// namespace prefixes removed, attributes ignored, leaf text untrimmed, entities left as text,
// repeated elements as arrays). It accepts only plain, well-formed markup; anything else — a DOCTYPE,
// a tag name XML does not allow, an end tag that does not match, an unclosed element — returns null
// and the caller falls back to fast-xml-parser, whose leniency the repairs build on. Measured on
// the samples it is ~5× faster than fast-xml-parser; the bench (`reports.ratio_to_floor`) says so.

type XmlNode = Record<string, unknown>;

interface Frame {
  name: string;
  /** The name as written, so the end tag can be matched without slicing it out. */
  raw: string;
  node: XmlNode | null;
  text: string;
}

/** XML 1.0 §2.3 Name, restricted to ASCII (report element names are). */
const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;
const NON_SPACE = /\S/;

export interface ScanOptions {
  repeated: ReadonlySet<string>;
  /** Called with each element name whose case had to change. */
  onRenamed: () => void;
}

function addChild(frame: Frame, name: string, value: unknown, repeated: ReadonlySet<string>): void {
  const node = (frame.node ??= {});
  const existing = node[name];
  if (repeated.has(name)) {
    if (existing === undefined) node[name] = [value];
    else (existing as unknown[]).push(value);
  } else if (existing === undefined) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

/** Raw tag name → its lower-cased local name (or null when not a Name); reports use a few dozen. */
type NameCache = Map<string, { local: string | null; renamed: boolean }>;

function localName(raw: string, o: ScanOptions, cache: NameCache): string | null {
  let hit = cache.get(raw);
  if (hit === undefined) {
    if (!NAME.test(raw)) hit = { local: null, renamed: false };
    else {
      const colon = raw.lastIndexOf(':');
      const local = colon === -1 ? raw : raw.slice(colon + 1);
      const lower = local.toLowerCase();
      hit = { local: lower === '' ? null : lower, renamed: lower !== local };
    }
    cache.set(raw, hit);
  }
  if (hit.renamed) o.onRenamed();
  return hit.local;
}

function closeFrame(frame: Frame): unknown {
  if (frame.node === null) return frame.text;
  if (frame.text.trim() !== '') frame.node['#text'] = frame.text;
  return frame.node;
}

/** The tree of well-formed XML, or null when the fast path does not apply. Never throws. */
export function scanXml(text: string, o: ScanOptions): XmlNode | null {
  const root: Frame = { name: '', raw: '', node: null, text: '' };
  const stack: Frame[] = [root];
  const names: NameCache = new Map();
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    const top = stack[stack.length - 1];
    const chunk = lt === -1 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk !== '') {
      if (top === root) {
        if (NON_SPACE.test(chunk)) return null;
      } else if (top.node === null || NON_SPACE.test(chunk)) top.text += chunk; // layout between children is dropped
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return null;
      pos = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return null;
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1 || top === root) return null;
        // CDATA is literal text: escape "&" so the later entity decoding gives it back unchanged.
        top.text += text.slice(lt + 9, end).replace(/&/g, '&amp;');
        pos = end + 3;
      } else return null; // a DOCTYPE or other declaration: the careful path decides
    } else if (next === 0x2f /* / */) {
      if (stack.length === 1) return null;
      let gt = lt + 2 + top.raw.length;
      if (!(text.charCodeAt(gt) === 0x3e && text.startsWith(top.raw, lt + 2))) {
        gt = text.indexOf('>', lt + 2);
        if (gt === -1) return null;
        const name = localName(text.slice(lt + 2, gt).trim(), o, names);
        if (name === null || name !== top.name) return null;
      }
      const name = top.name;
      stack.pop();
      addChild(stack[stack.length - 1], name, closeFrame(top), o.repeated);
      pos = gt + 1;
    } else {
      const gt = text.indexOf('>', lt + 1);
      if (gt === -1) return null;
      const inner = text.slice(lt + 1, gt);
      const selfClosing = inner.endsWith('/');
      const body = selfClosing ? inner.slice(0, -1) : inner;
      let cut = body.length;
      for (let i = 0; i < body.length; i++) {
        const c = body.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
          cut = i;
          break;
        }
      }
      // An attribute value holding "<" or ">" is beyond this path.
      if (body.includes('<')) return null;
      const raw = cut === body.length ? body : body.slice(0, cut);
      const name = localName(raw, o, names);
      if (name === null) return null;
      if (selfClosing) addChild(top, name, '', o.repeated);
      else stack.push({ name, raw, node: null, text: '' });
      pos = gt + 1;
    }
  }
  if (stack.length !== 1) return null;
  return root.node;
}
