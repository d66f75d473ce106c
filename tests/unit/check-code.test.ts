import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCode,
  formatViolation,
  importsOf,
  lineCount,
  parse,
  resolveImport,
  run,
  summary,
} from '../../scripts/check-code';

const sources = (files: Record<string, string>) => new Map(Object.entries(files));
const lines = (n: number, text = 'const x = 1;') => Array.from({ length: n }, () => text).join('\n') + '\n';
/** A function `n` lines long in total, its first and last line included. */
const fn = (head: string, n: number, tail = '}') => `${head}\n${lines(n - 2, '  void 0;')}${tail}\n`;

describe('importsOf', () => {
  it('finds every way a file names another module, type-only ones included, with its line', () => {
    const source = parse(
      'src/a.ts',
      [
        "import { b } from './b';",
        "import type { C } from './c';",
        "export { d } from './d';",
        "export type { E } from './e';",
        "import './f';",
        "const g = () => import('./g');",
        "type H = import('./h').H;",
        "import i = require('./i');",
        "const notAnImport = './j';",
      ].join('\n'),
    );
    expect(importsOf(source)).toEqual([
      { specifier: './b', line: 1 },
      { specifier: './c', line: 2 },
      { specifier: './d', line: 3 },
      { specifier: './e', line: 4 },
      { specifier: './f', line: 5 },
      { specifier: './g', line: 6 },
      { specifier: './h', line: 7 },
      { specifier: './i', line: 8 },
    ]);
  });
});

describe('resolveImport', () => {
  const files = sources({ 'src/a/b.ts': '', 'src/c.tsx': '', 'src/d/index.ts': '', 'src/e.ts': '' });

  it('resolves relative specifiers as the bundler does', () => {
    expect(resolveImport('src/a/x.ts', './b', files)).toBe('src/a/b.ts');
    expect(resolveImport('src/a/x.ts', '../c', files)).toBe('src/c.tsx');
    expect(resolveImport('src/a/x.ts', '../d', files)).toBe('src/d/index.ts');
    expect(resolveImport('src/a/x.ts', '../e.js', files)).toBe('src/e.ts');
    expect(resolveImport('src/a/x.ts', '../e?worker', files)).toBe('src/e.ts');
  });

  it('leaves packages and files that are not sources alone', () => {
    expect(resolveImport('src/a/x.ts', 'preact', files)).toBeUndefined();
    expect(resolveImport('src/a/x.ts', '../data.json', files)).toBeUndefined();
    expect(resolveImport('src/a/x.ts', './missing', files)).toBeUndefined();
  });
});

describe('import cycles', () => {
  it('fails on a cycle made only of type imports, at the line of its first import', () => {
    const report = checkCode(
      sources({
        'src/settings.ts': "import { isFieldError } from './field-errors';\nexport type FieldError = 1;\n",
        'src/field-errors.ts': "//\nimport type { FieldError } from './settings';\nexport const isFieldError = 1;",
      }),
    );
    expect(report.cycles.map(formatViolation)).toEqual([
      'src/field-errors.ts:2 import cycle src/field-errors.ts → src/settings.ts → src/field-errors.ts',
    ]);
  });

  it('shows the shortest cycle of a tied group and names the other files in it', () => {
    const report = checkCode(
      sources({
        'src/a.ts': "import './b';",
        'src/b.ts': "import './c';\nimport './a';",
        'src/c.ts': "import './a';",
      }),
    );
    expect(report.cycles.map(formatViolation)).toEqual([
      'src/a.ts:1 import cycle src/a.ts → src/b.ts → src/a.ts; also tied in: src/c.ts',
    ]);
  });

  it('reports separate cycles separately, and a file that imports itself', () => {
    const report = checkCode(
      sources({
        'src/a.ts': "import './b';",
        'src/b.ts': "import './a';",
        'src/c.ts': "import './d';",
        'src/d.ts': "export * from './c';",
        'src/self.ts': "import type { X } from './self';\nexport type X = 1;",
      }),
    );
    expect(report.cycles.map((cycle) => cycle.what)).toEqual([
      'import cycle src/a.ts → src/b.ts → src/a.ts',
      'import cycle src/c.ts → src/d.ts → src/c.ts',
      'import cycle src/self.ts → src/self.ts',
    ]);
  });

  it('accepts shared leaves, diamonds and packages', () => {
    const report = checkCode(
      sources({
        'src/top.ts': "import './left';\nimport './right';\nimport 'preact';",
        'src/left.ts': "import type { T } from './leaf';",
        'src/right.ts': "import { t } from './leaf';",
        'src/leaf.ts': 'export type T = 1;\nexport const t = 1;',
      }),
    );
    expect(report.cycles).toEqual([]);
  });
});

describe('file budget', () => {
  it('allows 350 lines and fails at 351', () => {
    const report = checkCode(sources({ 'src/ok.ts': lines(350), 'src/long.ts': lines(351) }));
    expect(report.longFiles.map(formatViolation)).toEqual(['src/long.ts:1 file over 350 lines (351 lines)']);
  });

  it('spares the word catalogues, not the other files of i18n', () => {
    const report = checkCode(
      sources({
        'src/shared/i18n/en.ts': lines(400),
        'src/shared/i18n/ko-popup.ts': lines(400),
        'src/shared/i18n/strings.ts': lines(400),
      }),
    );
    expect(report.longFiles.map((violation) => violation.file)).toEqual(['src/shared/i18n/strings.ts']);
  });

  it('counts lines as wc -l does when the file ends in a newline, and the last line when it does not', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });
});

describe('function budget', () => {
  it('allows 120 lines and fails at 121, for every form of function', () => {
    const report = checkCode(
      sources({
        'src/forms.tsx': [
          fn('export function fits() {', 120),
          fn('export function declared() {', 121),
          fn('export const arrow = () => {', 121, '};'),
          fn('export function Page() {', 121, '  return <div />;\n}'),
          'class Host {',
          fn('  method() {', 121, '  }'),
          '}',
          fn('on(() => {', 121, '});'),
          fn('const handlers = { onClick: function () {', 121, '} };'),
        ].join(''),
      }),
    );
    expect(report.longFunctions.map((violation) => violation.what)).toEqual([
      'function declared over 120 lines',
      'arrow function arrow over 120 lines',
      'function Page over 120 lines',
      'method method over 120 lines',
      'arrow function callback of on() over 120 lines',
      'function onClick over 120 lines',
    ]);
    expect(formatViolation(report.longFunctions[0]!)).toBe(
      'src/forms.tsx:121 function declared over 120 lines (121 lines)',
    );
  });

  it('counts a long inner function on its own as well as in its outer one', () => {
    const inner = fn('  const inner = () => {', 125, '  };');
    const report = checkCode(sources({ 'src/nested.ts': `function outer() {\n${inner}}\n` }));
    expect(report.longFunctions.map(formatViolation)).toEqual([
      'src/nested.ts:1 function outer over 120 lines (127 lines)',
      'src/nested.ts:2 arrow function inner over 120 lines (125 lines)',
    ]);
  });
});

describe('summary and run', () => {
  it('says the tree is clean, or how much is wrong', () => {
    expect(summary({ cycles: [], longFiles: [], longFunctions: [] }, 3)).toBe(
      'check-code: 3 files in src/, no import cycle, none over 350 lines, no function over 120 lines.',
    );
    const one = { file: 'src/a.ts', line: 1, what: 'x' };
    expect(summary({ cycles: [one], longFiles: [one, one], longFunctions: [] }, 3)).toBe(
      'check-code: FAILED, 1 import cycle, 2 files over 350 lines, 0 functions over 120 lines (3 files in src/).',
    );
  });

  it('reads src/ of a tree, prints each violation and exits 1; a clean tree exits 0', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'check-code-'));
    try {
      mkdirSync(path.join(root, 'src/shared'), { recursive: true });
      writeFileSync(path.join(root, 'src/shared/a.ts'), "import type { B } from './b';\nexport type A = 1;\n");
      writeFileSync(path.join(root, 'src/shared/b.ts'), 'export type B = 2;\n');
      writeFileSync(path.join(root, 'src/notes.md'), lines(400));
      const printed: string[] = [];
      expect(run(root, (line) => printed.push(line))).toBe(0);
      expect(printed).toEqual([
        'check-code: 2 files in src/, no import cycle, none over 350 lines, no function over 120 lines.',
      ]);

      writeFileSync(path.join(root, 'src/shared/b.ts'), "import type { A } from './a';\nexport type B = A;\n");
      printed.length = 0;
      expect(run(root, (line) => printed.push(line))).toBe(1);
      expect(printed).toEqual([
        'src/shared/a.ts:1 import cycle src/shared/a.ts → src/shared/b.ts → src/shared/a.ts',
        'check-code: FAILED, 1 import cycle, 0 files over 350 lines, 0 functions over 120 lines (2 files in src/).',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
