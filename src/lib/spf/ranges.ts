// The address ranges an SPF policy authorizes (RFC 7208 §5.6 ip4/ip6, §5.3 a, §5.4 mx): ranges built
// from terms and address answers, merged into the fewest CIDR blocks, with the ranges that repeat or
// lie inside an earlier one.

import type { DnsRecord } from '../dns/model.ts';
import { cidrBounds, cidrText, IP4_MAX_PREFIX, IP6_MAX_PREFIX, parseAddress } from './ip.ts';
import type { SpfRange, SpfRangeIssue } from './model.ts';

/** Range problems reported at most (a hostile policy could list thousands of overlaps). */
export const MAX_RANGE_ISSUES = 200;

/** Where a range comes from: every SpfRange field but the block itself. */
export type RangeSource = Omit<SpfRange, 'cidr' | 'version'>;

/** The ranges of an `ip4`/`ip6` term; none when the address is not of the term's family (§5.6). */
export function termRange(
  kind: 'ip4' | 'ip6',
  address: string,
  prefix: number | undefined,
  source: RangeSource,
): SpfRange[] {
  const network = parseAddress(address);
  if (!network || (network.kind() === 'ipv4') !== (kind === 'ip4')) return [];
  const bits = prefix ?? (kind === 'ip4' ? IP4_MAX_PREFIX : IP6_MAX_PREFIX);
  return [{ ...source, cidr: cidrText(network, bits), version: kind === 'ip4' ? 4 : 6 }];
}

/** The ranges named by A/AAAA answers of an `a` or `mx` term, with its dual CIDR lengths (§5.6). */
export function addressRanges(
  records: readonly DnsRecord[],
  prefix4: number | undefined,
  prefix6: number | undefined,
  source: RangeSource,
): SpfRange[] {
  const out: SpfRange[] = [];
  for (const r of records) {
    const address = parseAddress(String(r.data));
    if (!address) continue;
    const v4 = address.kind() === 'ipv4';
    const prefix = v4 ? (prefix4 ?? IP4_MAX_PREFIX) : (prefix6 ?? IP6_MAX_PREFIX);
    out.push({ ...source, cidr: cidrText(address, prefix), version: v4 ? 4 : 6 });
  }
  return out;
}

function bigintToAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

/** The fewest CIDR blocks covering [start, end] (inclusive) in a space of `bits`. */
export function toCidrs(start: bigint, end: bigint, bits: number, family: 4 | 6): string[] {
  const out: string[] = [];
  let s = start;
  while (s <= end) {
    let size = 0;
    while (
      size < bits &&
      (s & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      s + (1n << BigInt(size + 1)) - 1n <= end
    )
      size++;
    const network = parseAddress(bigintToAddress(s, family))!;
    out.push(cidrText(network, bits - size));
    s += 1n << BigInt(size);
  }
  return out;
}

interface Interval {
  start: bigint;
  end: bigint;
  range: SpfRange;
}

/** One family's ranges as intervals, by start, the widest first among equal starts. */
function intervals(ranges: readonly SpfRange[], family: 4 | 6): Interval[] {
  return ranges
    .filter((r) => r.version === family)
    .map((range) => {
      const [address, prefix] = range.cidr.split('/');
      const [start, end] = cidrBounds(parseAddress(address)!, Number(prefix));
      return { start, end, range };
    })
    .sort((a, b) =>
      a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0,
    );
}

/** Merged blocks (IPv4 first), and each range that repeats or lies inside an earlier one. */
export function rangeReport(ranges: readonly SpfRange[]): { merged: string[]; issues: SpfRangeIssue[] } {
  const merged: string[] = [];
  const issues: SpfRangeIssue[] = [];
  for (const family of [4, 6] as const) {
    const bits = family === 4 ? 32 : 128;
    const list = intervals(ranges, family);
    let cover: Interval | undefined;
    let runStart = 0n;
    let runEnd = -1n;
    for (const item of list) {
      if (cover && item.start <= cover.end && issues.length < MAX_RANGE_ISSUES) {
        const same = item.start === cover.start && item.end === cover.end;
        issues.push({ kind: same ? 'duplicate' : 'overlap', range: item.range, other: cover.range });
      }
      if (!cover || item.end > cover.end) cover = item;
      if (runEnd >= runStart && item.start <= runEnd + 1n) {
        if (item.end > runEnd) runEnd = item.end;
      } else {
        if (runEnd >= runStart) merged.push(...toCidrs(runStart, runEnd, bits, family));
        runStart = item.start;
        runEnd = item.end;
      }
    }
    if (runEnd >= runStart && list.length > 0) merged.push(...toCidrs(runStart, runEnd, bits, family));
  }
  return { merged, issues };
}
