// `npm run check` (part of `npm test`): what lint cannot see across files. No import cycle in src/,
// type-only imports included (a type cycle ties two designs together, and one value import later
// makes it a load-order bug), and size budgets that keep files and functions readable in one sitting.
// Pure over a map of path → text, so tests/unit/check-code.test.ts runs it on small fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const FILE_BUDGET = 350;
export const FUNCTION_BUDGET = 120;
/** The typed word catalogues (en.ts, ko-popup.ts …): one sentence a line, long by nature. */
export const CATALOGUE = /^src\/shared\/i18n\/[a-z]{2}(-[a-z]+)?\.ts$/;

export interface Violation {
  file: string;
  line: number;
  what: string;
  lines?: number;
}

export interface Import {
  specifier: string;
  line: number;
}

/** Repository-relative, `/`-separated paths → source text. */
export type Sources = ReadonlyMap<string, string>;

const SOURCE = /\.tsx?$/;

export function parse(file: string, text: string): ts.SourceFile {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

function lineOf(source: ts.SourceFile, pos: number): number {
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}

/** Every module a file names: imports and re-exports (type-only too), import(), import('…') types. */
export function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      found.push({ specifier: specifier.text, line: lineOf(source, node.getStart(source)) });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier means (as Vite and `moduleResolution: Bundler` do); packages give none. */
export function resolveImport(from: string, specifier: string, sources: Sources): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.posix.join(path.posix.dirname(from), specifier.replace(/\?.*$/, ''));
  const bare = target.replace(/\.js$/, '');
  const candidates = [target, `${bare}.ts`, `${bare}.tsx`, `${target}/index.ts`, `${target}/index.tsx`];
  return candidates.find((candidate) => SOURCE.test(candidate) && sources.has(candidate));
}

export type Graph = ReadonlyMap<string, readonly { to: string; line: number }[]>;

export function importGraph(sources: Sources, parsed: ReadonlyMap<string, ts.SourceFile>): Graph {
  const graph = new Map<string, { to: string; line: number }[]>();
  for (const [file, source] of parsed) {
    const edges = importsOf(source).flatMap(({ specifier, line }) => {
      const to = resolveImport(file, specifier, sources);
      return to ? [{ to, line }] : [];
    });
    graph.set(file, edges);
  }
  return graph;
}

/** The groups of files that reach each other (Tarjan), largest first: each holds at least one cycle. */
export function tiedGroups(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const { to } of graph.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    const selfImport = graph.get(file)?.some(({ to }) => to === file);
    if (group.length > 1 || selfImport) groups.push(group.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return groups.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** The shortest way from a group's first file back to itself, with the line of its first import. */
export function shortestCycle(graph: Graph, group: readonly string[]): { files: string[]; line: number } {
  const start = group[0]!;
  const inGroup = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    for (const { to } of graph.get(file) ?? []) {
      if (!inGroup.has(to)) continue;
      if (to === start) {
        const files = [start];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = cameFrom.get(at)) {
          files.splice(1, 0, at);
        }
        files.push(start);
        const line = graph.get(start)!.find(({ to: next }) => next === files[1])!.line;
        return { files, line };
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  throw new Error(`${start} is in a cycle group but reaches no cycle`);
}

function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  const named = (name: ts.PropertyName | ts.BindingName | undefined) =>
    name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const own = node.name ? named(node.name) : undefined;
  if (own) return own;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return named(parent.name) ?? 'anonymous';
  }
  if (ts.isCallExpression(parent)) return `callback of ${parent.expression.getText(source).slice(0, 40)}()`;
  return 'anonymous';
}

const FUNCTION_KINDS: Record<number, string> = {
  [ts.SyntaxKind.FunctionDeclaration]: 'function',
  [ts.SyntaxKind.FunctionExpression]: 'function',
  [ts.SyntaxKind.ArrowFunction]: 'arrow function',
  [ts.SyntaxKind.MethodDeclaration]: 'method',
  [ts.SyntaxKind.Constructor]: 'method',
  [ts.SyntaxKind.GetAccessor]: 'getter',
  [ts.SyntaxKind.SetAccessor]: 'setter',
};

/** Functions of every form (components are functions) longer than the budget; nested ones count on their own too. */
export function longFunctions(file: string, source: ts.SourceFile, budget = FUNCTION_BUDGET): Violation[] {
  const found: Violation[] = [];
  const visit = (node: ts.Node): void => {
    const kind = FUNCTION_KINDS[node.kind];
    if (kind && ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const line = lineOf(source, node.getStart(source));
      const lines = lineOf(source, node.getEnd()) - line + 1;
      if (lines > budget) {
        const name = functionName(node as ts.FunctionLikeDeclaration, source);
        found.push({ file, line, what: `${kind} ${name} over ${budget} lines`, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export interface Report {
  cycles: Violation[];
  longFiles: Violation[];
  longFunctions: Violation[];
}

export function checkCode(sources: Sources): Report {
  const parsed = new Map([...sources].map(([file, text]) => [file, parse(file, text)] as const));
  const graph = importGraph(sources, parsed);
  const cycles = tiedGroups(graph).map((group) => {
    const { files, line } = shortestCycle(graph, group);
    const others = group.filter((file) => !files.includes(file));
    const also = others.length ? `; also tied in: ${others.join(', ')}` : '';
    return { file: files[0]!, line, what: `import cycle ${files.join(' → ')}${also}` };
  });
  const longFiles: Violation[] = [];
  for (const [file, text] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    const lines = lineCount(text);
    if (lines > FILE_BUDGET && !CATALOGUE.test(file)) {
      longFiles.push({ file, line: 1, what: `file over ${FILE_BUDGET} lines`, lines });
    }
  }
  const functions = [...parsed]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, source]) => longFunctions(file, source));
  return { cycles, longFiles, longFunctions: functions };
}

export function formatViolation({ file, line, what, lines }: Violation): string {
  return `${file}:${line} ${what}${lines === undefined ? '' : ` (${lines} lines)`}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summary({ cycles, longFiles, longFunctions: functions }: Report, fileCount: number): string {
  const total = cycles.length + longFiles.length + functions.length;
  if (total === 0) {
    const budgets = `none over ${FILE_BUDGET} lines, no function over ${FUNCTION_BUDGET} lines`;
    return `check-code: ${fileCount} files in src/, no import cycle, ${budgets}.`;
  }
  const parts = [
    plural(cycles.length, 'import cycle', 'import cycles'),
    plural(longFiles.length, `file over ${FILE_BUDGET} lines`, `files over ${FILE_BUDGET} lines`),
    plural(functions.length, `function over ${FUNCTION_BUDGET} lines`, `functions over ${FUNCTION_BUDGET} lines`),
  ];
  return `check-code: FAILED, ${parts.join(', ')} (${fileCount} files in src/).`;
}

/** Every .ts/.tsx file under `dir`, keyed by its path relative to `root`. */
export function readSources(root: string, dir = 'src'): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    sources.set(path.relative(root, absolute).split(path.sep).join('/'), readFileSync(absolute, 'utf8'));
  }
  return sources;
}

/** Prints every violation and the summary; the exit code is 1 when there is any. */
export function run(root: string, print: (line: string) => void = console.log): number {
  const sources = readSources(root);
  const report = checkCode(sources);
  const violations = [...report.cycles, ...report.longFiles, ...report.longFunctions];
  for (const violation of violations) print(formatViolation(violation));
  print(summary(report, sources.size));
  return violations.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  process.exitCode = run(path.resolve(import.meta.dirname, '..'));
}
