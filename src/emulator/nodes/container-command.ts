// What a simulated container "does", read from its command: `sleep 30` exits 0 after
// 30 s, `exit 3` and `false` fail, `sh -c "echo hi; sleep 5; exit 1"` prints, waits and
// fails. No process runs; this is how Jobs complete or fail and how crash loops happen.
// A command we cannot read is assumed to do its job: a service (restartPolicy Always)
// keeps running, a batch task finishes successfully after a moment.

export interface OutputLine {
  atMs: number;
  text: string;
  /** The line is the output of `date` at that moment. */
  date?: boolean;
}

export interface ContainerBehaviour {
  /** When the process exits, after start; undefined while it runs until stopped. */
  readonly exitAfterMs?: number;
  readonly exitCode: number;
  /** Lines the process writes to stdout. */
  readonly output: readonly OutputLine[];
  /** A `while true` loop's lines, written again every period from `startMs` on. */
  readonly repeat?: RepeatedOutput;
}

/** One iteration's lines (times within it) of a loop that sleeps `periodMs` in all per turn. */
export interface RepeatedOutput {
  readonly startMs: number;
  readonly periodMs: number;
  readonly lines: readonly RepeatedLine[];
}

export interface RepeatedLine {
  readonly atMs: number;
  /** Text with `$<counter>` / `${<counter>}` and `$(date)` left to fill per iteration. */
  readonly text: string;
  readonly date?: boolean;
  /** The loop's counter (`i=0; while ...; do echo $i; i=$((i+1))`): its name, first value and step. */
  readonly counter?: { name: string; start: number; step: number };
}

export interface ContainerCommandInput {
  image: string;
  command?: string[];
  args?: string[];
  restartPolicy: string;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Images whose default command is a shell: with no command they exit at once. */
const SHELL_IMAGES = /(^|\/)(busybox|alpine|ubuntu|debian|bash|centos|fedora|rockylinux)(:|@|$)/;
const UNKNOWN_TASK_MS = 1000;
/** The behaviours of containers without a command, shared (one per pod was ~70 B at 150,000 pods). */
const RUNS_UNTIL_STOPPED: ContainerBehaviour = Object.freeze({ exitCode: 0, output: Object.freeze([]) });
const EXITS_AT_ONCE: ContainerBehaviour = Object.freeze({ exitAfterMs: 0, exitCode: 0, output: Object.freeze([]) });
const FOREVER = /\bwhile\s+(true|:)\b|\bsleep\s+inf(inity)?\b|\btail\s+-f\b|\bsleep\s+\d{6,}/;

export function containerBehaviour(input: ContainerCommandInput): ContainerBehaviour {
  const argv = [...(input.command ?? []), ...(input.args ?? [])];
  if (argv.length === 0) {
    return SHELL_IMAGES.test(input.image) ? EXITS_AT_ONCE : RUNS_UNTIL_STOPPED;
  }
  const program = basename(argv[0]);
  if (SHELLS.has(program)) {
    const c = argv.indexOf('-c');
    if (c < 0 || c + 1 >= argv.length) return EXITS_AT_ONCE;
    return runScript(argv[c + 1], input.restartPolicy);
  }
  if (input.command === undefined && SHELL_IMAGES.test(input.image)) return runScript(argv.join(' '), input.restartPolicy);
  return runScript(argv.map(quoteIfNeeded).join(' '), input.restartPolicy);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function quoteIfNeeded(arg: string): string {
  return /[\s;&|]/.test(arg) ? `'${arg.replace(/'/g, '')}'` : arg;
}

interface Step {
  op: ';' | '&&' | '||';
  words: string[];
}

/** Evaluates the simple forms of a shell script: sequences, &&, ||, sleep, exit, echo, true, false. */
function runScript(script: string, restartPolicy: string): ContainerBehaviour {
  const output: OutputLine[] = [];
  let t = 0;
  let status = 0;
  const forever = FOREVER.test(script);
  const vars = new Map<string, number>();
  for (const step of splitScript(forever ? script.split(/\bwhile\b/)[0] : script)) {
    if (step.op === '&&' && status !== 0) continue;
    if (step.op === '||' && status === 0) continue;
    const [cmd, ...rest] = step.words;
    if (cmd === undefined) continue;
    const assignment = /^([A-Za-z_]\w*)=(-?\d+)$/.exec(cmd);
    if (assignment && rest.length === 0) {
      vars.set(assignment[1], Number(assignment[2]));
      continue;
    }
    switch (basename(cmd)) {
      case 'sleep':
        t += sleepMs(rest[0]);
        status = 0;
        break;
      case 'exit':
        return { exitAfterMs: t, exitCode: toExitCode(rest[0], status), output };
      case 'true':
      case ':':
        status = 0;
        break;
      case 'false':
        status = 1;
        break;
      case 'echo':
      case 'printf':
        output.push({ atMs: t, text: rest.filter((w) => w !== '-n' && w !== '-e').join(' ') });
        status = 0;
        break;
      case 'date':
        output.push({ atMs: t, text: '', date: true });
        status = 0;
        break;
      default:
        if (restartPolicy === 'Always' && !forever) return { exitCode: 0, output };
        t += UNKNOWN_TASK_MS;
        status = 0;
    }
  }
  if (!forever) return { exitAfterMs: t, exitCode: status, output };
  const repeat = loopOutput(script, t, vars);
  return repeat ? { exitCode: 0, output, repeat } : { exitCode: 0, output };
}

/** Output lines per turn are bounded so one container cannot make a log request unbounded. */
const MAX_LOOP_LINES = 20;

/**
 * The body of `while true; do ...; done` (or `while :`) when it is echo, date, sleep and a
 * counter's increment: its lines repeat every turn. A loop that never sleeps would write
 * without end; like anything we cannot read, it writes nothing here.
 */
function loopOutput(script: string, startMs: number, vars: Map<string, number>): RepeatedOutput | undefined {
  const body = /\bwhile\s+(?:true|:)\s*;?\s*do\b([\s\S]*?)\bdone\b/.exec(script)?.[1];
  if (body === undefined) return undefined;
  const lines: RepeatedLine[] = [];
  const steps: { name: string; by: number }[] = [];
  let t = 0;
  for (const step of splitScript(body)) {
    const [cmd, ...rest] = step.words;
    if (cmd === undefined) continue;
    const increment = /^([A-Za-z_]\w*)=\$\(\(\s*\$?([A-Za-z_]\w*)\s*([+-])\s*(\d+)\s*\)\)$/.exec(cmd);
    if (increment && increment[1] === increment[2]) {
      steps.push({ name: increment[1], by: Number(increment[4]) * (increment[3] === '-' ? -1 : 1) });
      continue;
    }
    if (basename(cmd) === 'sleep') t += sleepMs(rest[0]);
    else if (basename(cmd) === 'echo' || basename(cmd) === 'printf') lines.push({ atMs: t, text: rest.filter((w) => w !== '-n' && w !== '-e').join(' ') });
    else if (basename(cmd) === 'date') lines.push({ atMs: t, text: '', date: true });
    else return undefined;
  }
  if (t === 0 || lines.length === 0 || lines.length > MAX_LOOP_LINES) return undefined;
  const counter = steps.length === 1 && vars.has(steps[0].name) ? { name: steps[0].name, start: vars.get(steps[0].name)!, step: steps[0].by } : undefined;
  return { startMs, periodMs: t, lines: counter ? lines.map((l) => ({ ...l, counter })) : lines };
}

function splitScript(script: string): Step[] {
  const steps: Step[] = [];
  let words: string[] = [];
  let word = '';
  let quote = '';
  let op: Step['op'] = ';';
  const endWord = () => {
    if (word !== '') words.push(word);
    word = '';
  };
  const endStep = (next: Step['op']) => {
    endWord();
    if (words.length > 0) steps.push({ op, words });
    words = [];
    op = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ';' || ch === '\n') endStep(';');
    else if (ch === '&' && script[i + 1] === '&') {
      endStep('&&');
      i++;
    } else if (ch === '|' && script[i + 1] === '|') {
      endStep('||');
      i++;
    }
    else if (/\s/.test(ch)) endWord();
    else word += ch;
  }
  endStep(';');
  return steps;
}

function sleepMs(arg: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg ?? '');
  if (!m) return 0;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

function toExitCode(arg: string | undefined, last: number): number {
  if (arg === undefined) return last;
  const n = Number(arg);
  return Number.isInteger(n) ? ((n % 256) + 256) % 256 : 2;
}
