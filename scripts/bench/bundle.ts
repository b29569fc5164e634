// Bundle size of the built site (dist/), gzipped file by file with node:zlib (default level):
// what dist/index.html loads before anything renders (entry script, its modulepreloads,
// stylesheets), the first route as well (the home page chunk and its static imports), and
// everything in dist/assets. Builds first when dist is missing or older than its sources.

import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = process.cwd();
const DIST = join(ROOT, 'dist');
const ASSETS = join(DIST, 'assets');
const SOURCES = [
  'src',
  'public',
  'messages',
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'package.json',
];
/** Generated from messages/ by `npm run i18n`, which every build reruns. */
const GENERATED = join(ROOT, 'src', 'paraglide');

function newestMtime(path: string): number {
  if (!existsSync(path) || path === GENERATED) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs);
}

/** Runs `npm run build` when dist/index.html is missing or older than any source. */
export function ensureBuild(env: NodeJS.ProcessEnv = process.env): 'built' | 'fresh' {
  const index = join(DIST, 'index.html');
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return 'fresh';
  execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'], env });
  return 'built';
}

function gzipBytes(path: string): number {
  return gzipSync(readFileSync(path)).length;
}

/** `./assets/x.js` in index.html → absolute path. */
function fromIndex(href: string): string {
  return resolve(DIST, href);
}

/** Files index.html loads up front: module scripts, modulepreloads, stylesheets. */
export function initialFiles(html: string): string[] {
  const files = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g))
    files.add(fromIndex(m[1]));
  for (const m of html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"/g)) {
    files.add(fromIndex(m[1]));
  }
  return [...files];
}

/** A chunk and the chunks it imports statically (`import"./x.js"`, `from"./x.js"`), transitively. */
function withStaticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  if (!file.endsWith('.js')) return seen;
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[^"']+)["']/g)) {
    withStaticImports(resolve(ASSETS, m[1]), seen);
  }
  return seen;
}

export interface BundleFigures {
  initialGzKb: number;
  homeGzKb: number;
  totalGzKb: number;
  initialFiles: string[];
  build: 'built' | 'fresh';
}

export function benchBundle(): BundleFigures {
  const build = ensureBuild();
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = initialFiles(html);
  const home = new Set<string>();
  for (const f of initial) withStaticImports(f, home);
  // The home route's chunk (lazy, but fetched at once for #/) and its stylesheet.
  for (const name of readdirSync(ASSETS).filter((n) => /^HomePage-.*\.(js|css)$/.test(n))) {
    withStaticImports(join(ASSETS, name), home);
  }
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gzipBytes(f), 0) / 1024;
  const all = readdirSync(ASSETS).map((n) => join(ASSETS, n));
  return {
    initialGzKb: sum(initial),
    homeGzKb: sum(home),
    totalGzKb: sum(all),
    initialFiles: initial.map((f) => f.slice(DIST.length + 1)),
    build,
  };
}
