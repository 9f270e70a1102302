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
  for (const step of splitScript(forever ? script.split(/\bwhile\b/)[0] : script)) {
    if (step.op === '&&' && status !== 0) continue;
    if (step.op === '||' && status === 0) continue;
    const [cmd, ...rest] = step.words;
    if (cmd === undefined) continue;
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
  return forever ? { exitCode: 0, output } : { exitAfterMs: t, exitCode: status, output };
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
