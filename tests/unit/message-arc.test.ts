// verifyArc (RFC 8617 §5.2) on stalwart's two-hop chain (../shared/conformance/message/stalwart/
// arc-002.txt: i=1 ed25519 by scamorza.org, i=2 rsa by manchego.org), and on the same message
// damaged one way at a time: each row says which step of §5.2 must catch it and at which instance.
import { describe, expect, it } from 'vitest';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import type { Zone } from '../../src/lib/dns/model.ts';
import { verifyArc } from '../../src/lib/message/arc.ts';
import { stalwartCase } from '../support/message-vectors.ts';

const { zone, message } = stalwartCase('stalwart/arc-002.txt');

/** The message without the field that starts with `start` (its continuation lines included). */
function withoutField(text: string, start: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(start));
  expect(at, start).toBeGreaterThanOrEqual(0);
  let end = at + 1;
  while (end < lines.length && /^[ \t]/.test(lines[end])) end++;
  return [...lines.slice(0, at), ...lines.slice(end)].join('\n');
}
function fieldText(text: string, start: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(start));
  let end = at + 1;
  while (end < lines.length && /^[ \t]/.test(lines[end])) end++;
  return lines.slice(at, end).join('\n');
}
const replaceOnce = (text: string, from: string, to: string) => {
  expect(text.includes(from), from).toBe(true);
  return text.replace(from, to);
};
const withoutKey = (name: string): Zone =>
  Object.fromEntries(Object.entries(zone).filter(([n]) => n !== name));

describe('verifyArc (RFC 8617 §5.2)', () => {
  it('§5.2: the intact two-hop chain passes, both seals verified newest first', async () => {
    const r = await verifyArc(message, { resolver: zoneResolver(zone) });
    expect(r).toMatchObject({ result: 'pass', instances: 2 });
    expect(r.seals.map((s) => [s.instance, s.domain, s.valid])).toEqual([
      [2, 'manchego.org', true],
      [1, 'scamorza.org', true],
    ]);
    expect(r.messageSignature).toMatchObject({ instance: 2, domain: 'manchego.org', valid: true });
  });

  it('§5.2 step 1: no ARC fields → none', async () => {
    let plain = message;
    for (const start of ['ARC-Seal: i=2', 'ARC-Message-Signature: i=2', 'ARC-Authentication-Results: i=2'])
      plain = withoutField(plain, start);
    for (const start of ['ARC-Seal: i=1', 'ARC-Message-Signature: i=1', 'ARC-Authentication-Results: i=1'])
      plain = withoutField(plain, start);
    expect(await verifyArc(plain, { resolver: zoneResolver(zone) })).toMatchObject({
      result: 'none',
      instances: 0,
    });
  });

  const damaged: Array<{
    spec: string;
    name: string;
    make: () => { message: string; zone?: Zone };
    code: string;
    instance: number;
  }> = [
    {
      spec: '§5.2 step 2',
      name: 'the newest seal says cv=fail',
      make: () => ({ message: replaceOnce(message, 'd=manchego.org; cv=pass;', 'd=manchego.org; cv=fail;') }),
      code: 'message/arc-chain-failed-before',
      instance: 2,
    },
    {
      spec: '§5.2 step 3',
      name: 'a set without its ARC-Seal',
      make: () => ({ message: withoutField(message, 'ARC-Seal: i=1') }),
      code: 'message/arc-structure',
      instance: 1,
    },
    {
      spec: '§5.2 step 3',
      name: 'a set with two ARC-Message-Signatures',
      make: () => {
        const ams = fieldText(message, 'ARC-Message-Signature: i=2');
        return { message: replaceOnce(message, ams, `${ams}\n${ams}`) };
      },
      code: 'message/arc-structure',
      instance: 2,
    },
    {
      spec: '§5.2 step 3',
      name: 'i=1 with cv=pass',
      make: () => ({ message: replaceOnce(message, 'd=scamorza.org; cv=none;', 'd=scamorza.org; cv=pass;') }),
      code: 'message/arc-cv-invalid',
      instance: 1,
    },
    {
      spec: '§5.2 step 4',
      name: 'the body changed after the last hop (newest AMS body hash)',
      make: () => ({ message: `${message}An added footer\n` }),
      code: 'message/arc-message-signature-invalid',
      instance: 2,
    },
    {
      spec: '§5.2 step 4',
      name: "the newest AMS's key is not published",
      make: () => ({ message, zone: withoutKey('rsa._domainkey.manchego.org') }),
      code: 'message/arc-message-signature-invalid',
      instance: 2,
    },
    {
      spec: '§5.2 step 6',
      name: "the first hop's key is not published: its seal fails",
      make: () => ({ message, zone: withoutKey('ed._domainkey.scamorza.org') }),
      code: 'message/arc-seal-invalid',
      instance: 1,
    },
    {
      spec: '§5.2 step 6',
      name: 'an earlier ARC-Authentication-Results edited: the newest seal, which covers it, fails',
      make: () => ({
        message: replaceOnce(
          message,
          'ARC-Authentication-Results: i=1; scamorza.org;',
          'ARC-Authentication-Results: i=1; scamorza.com;',
        ),
      }),
      code: 'message/arc-seal-invalid',
      instance: 2,
    },
    {
      spec: '§4.2.1',
      name: 'an instance outside 1..50',
      make: () => ({ message: replaceOnce(message, 'ARC-Seal: i=1;', 'ARC-Seal: i=51;') }),
      code: 'message/arc-instance-invalid',
      instance: 2,
    },
  ];
  for (const d of damaged) {
    it(`${d.spec}: ${d.name} → fail at i=${d.instance} (${d.code})`, async () => {
      const made = d.make();
      const r = await verifyArc(made.message, { resolver: zoneResolver(made.zone ?? zone) });
      expect([r.result, r.code, r.failedInstance], JSON.stringify(r.params)).toEqual([
        'fail',
        d.code,
        d.instance,
      ]);
    });
  }

  it('headers only: the chain is checked, the newest AMS body hash is said to be unchecked', async () => {
    const headers = message.slice(0, message.indexOf('\n\n') + 1);
    const r = await verifyArc(headers, { resolver: zoneResolver(zone) });
    expect([r.result, r.bodyUnchecked]).toEqual(['pass', true]);
  });

  it('never rejects on damaged input', async () => {
    for (const raw of [
      '',
      'ARC-Seal: ;;;\r\n\r\n',
      'ARC-Seal: i=1\r\nARC-Seal: i=1\r\n',
      new Uint8Array([255, 0, 13]),
    ])
      await expect(verifyArc(raw, { resolver: zoneResolver({}) })).resolves.toHaveProperty('result');
  });
});
