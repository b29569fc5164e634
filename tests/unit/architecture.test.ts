// The arrows that must never exist (docs/architecture.md): the library knows no screen, the UI
// reaches the library only through src/lib/index.ts, and the code explains itself from inside the
// repository (comments cite docs/ or the RFCs, never the design notes outside it).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(ts|svelte)$/.test(name)) out.push(path);
  }
  return out;
}

const imports = (text: string) =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('architecture (docs/architecture.md "Arrows that must never exist")', () => {
  const lib = files(join(root, 'src', 'lib'));
  const ui = [
    ...files(join(root, 'src', 'ui')),
    join(root, 'src', 'App.svelte'),
    join(root, 'src', 'main.ts'),
  ];

  it('finds the files it checks (the test cannot pass on an empty tree)', () => {
    expect(lib.length).toBeGreaterThan(100);
    expect(ui.length).toBeGreaterThan(30);
  });

  it('src/lib imports no Svelte, no UI, no message catalog', () => {
    const bad = lib.flatMap((file) =>
      imports(readFileSync(file, 'utf8'))
        .filter((spec) => /^svelte($|\/)|\/ui\/|paraglide|\.svelte$/.test(spec))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('src/ui reaches src/lib only through src/lib/index.ts', () => {
    const bad = ui.flatMap((file) =>
      imports(readFileSync(file, 'utf8'))
        .filter((spec) => /(^|\/)lib\//.test(spec) && !/(^|\/)lib\/index\.ts$/.test(spec))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('comments cite docs/ or the RFCs, never design notes outside the repository', () => {
    const outside = /\b(DESIGN|NEEDS|DOH|BOUNCES|STYLE|TOOLCHAIN)\.md\b/;
    const all = [...lib, ...ui, ...files(join(root, 'tests')), ...files(join(root, 'scripts'))];
    const bad = all.filter((file) => outside.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });
});
