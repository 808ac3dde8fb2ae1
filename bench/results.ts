import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { ENGINE_TITLES, type EngineName } from './engines.js';
import { ROOT } from './processes.js';

/** A bar a figure must reach. */
export interface Target {
  op: '≥' | '≤' | '=';
  bar: number;
}

export interface Figure {
  /** The same label on each engine: the figures are shown side by side. */
  label: string;
  engine: EngineName;
  value: number;
  unit?: string;
  /** Decimals shown. */
  digits: number;
  target?: Target;
  /** Listed among the targets without one of its own (a figure the issue asks to report). */
  listed?: boolean;
}

/** What a phase measured: its figures, a table of what they come from, and a sentence on its method. */
export interface PhaseReport {
  title: string;
  method: string;
  /** The first row is the header. */
  table: string[][];
  figures: Figure[];
}

export function met({ value, target }: Figure): boolean | undefined {
  if (!target) return undefined;
  return target.op === '≥' ? value >= target.bar : target.op === '≤' ? value <= target.bar : value === target.bar;
}

export const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

/** The value, with more decimals when it takes them to fall on the same side of its bar (0.996 against ≥ 1 reads 0.996, not 1.00). */
function shownValue(f: Figure): string {
  let digits = f.digits;
  while (digits < f.digits + 4 && met({ ...f, value: Number(f.value.toFixed(digits)) }) !== met(f)) digits += 1;
  return `${fmt(f.value, digits)}${f.unit ?? ''}`;
}
const targetOf = (f: Figure) => (f.target ? `${f.target.op} ${f.target.bar}${f.unit ?? ''}` : '(reported)');
const verdict = (f: Figure, notMet = '**not met**') => {
  const reached = met(f);
  return reached === undefined ? '' : reached ? 'met' : notMet;
};

function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const [head, ...body] = rows;
  if (!head) return [];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((row) => `| ${row.join(' | ')} |`)];
}

export interface RunInfo {
  mode: string;
  seconds: number;
  startedAt: Date;
  /** The 1-minute load average when the run started: other processes share the CPUs. */
  loadAtStart: number;
  /** More lines for the header (the engines' settings). */
  notes: string[];
}

function commit(): string {
  try {
    const git = (command: string) => execSync(`git ${command}`, { cwd: ROOT, encoding: 'utf8' }).trim();
    const hash = git('rev-parse --short HEAD');
    const dirty = git("status --porcelain --untracked-files=no -- . ':!bench/RESULTS.md'") !== '';
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown';
  }
}

/** The figures of each label, by engine, in the order they came: a row each. */
function byLabel(figures: readonly Figure[]): Map<string, Map<EngineName, Figure>> {
  const rows = new Map<string, Map<EngineName, Figure>>();
  for (const figure of figures) {
    let row = rows.get(figure.label);
    if (!row) rows.set(figure.label, (row = new Map()));
    row.set(figure.engine, figure);
  }
  return rows;
}

/** Each engine's figure beside the other's: its value, its target and whether it is met. */
function targetsTable(figures: readonly Figure[]): string[][] {
  const engines = [...new Set(figures.map((f) => f.engine))];
  const head = ['figure', ...engines.flatMap((engine) => [ENGINE_TITLES[engine], 'target', ''])];
  const rows = [...byLabel(figures)]
    .filter(([, row]) => [...row.values()].some((f) => f.target || f.listed))
    .map(([label, row]) => [
      label,
      ...engines.flatMap((engine) => {
        const f = row.get(engine);
        return f ? [shownValue(f), targetOf(f), verdict(f)] : ['', '', ''];
      }),
    ]);
  return [head, ...rows];
}

export function resultsMarkdown(run: RunInfo, phases: readonly PhaseReport[]): string {
  const cpu = cpus();
  const lines = [
    '# Benchmark results',
    '',
    `- date: ${run.startedAt.toISOString()}`,
    `- commit: ${commit()}`,
    `- machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}`,
    `- mode: ${run.mode}, ${fmt(run.seconds)} s`,
    `- load average (1 min): ${fmt(run.loadAtStart, 2)} at the start, ${fmt(loadavg()[0]!, 2)} at the end (other processes on the machine share its CPUs: the figures move with the load)`,
    ...run.notes.map((note) => `- ${note}`),
    '',
    'Written by `npm run bench` (bench/run.ts). What the figures mean, and what limits them: [docs/performance.md](../docs/performance.md).',
    '',
    '## Targets',
    '',
    ...markdownTable(targetsTable(phases.flatMap((phase) => phase.figures))),
    '',
  ];
  for (const phase of phases) {
    lines.push(`## ${phase.title}`, '', phase.method, '', ...markdownTable(phase.table), '');
    const reported = phase.figures.filter((f) => !f.target);
    if (reported.length > 0) lines.push(...reported.map((f) => `- ${f.label} (${ENGINE_TITLES[f.engine]}): ${shownValue(f)}`), '');
  }
  return lines.join('\n');
}

/** The figures as a plain table for the terminal. */
export function summary(phases: readonly PhaseReport[]): string {
  const rows = phases.flatMap((phase) => phase.figures).map((f) => [ENGINE_TITLES[f.engine], f.label, shownValue(f), targetOf(f), verdict(f, 'NOT MET')]);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n');
}
