// What every emulated program runs with: its streams, environment and working directory, and
// the container ("machine") it shares with the other processes of the exec.
import type { ExecFileSystem } from './filesystem';
import type { ImageFamily } from './image';
import type { ExecTarget } from './process';

export interface Stdin {
  /** The next chunk of input (a line, on a terminal); null at the end of input. */
  read(): Promise<string | null>;
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: Stdin;
  /** stdout is the terminal (ls prints columns). */
  tty: boolean;
  /** stdin is the terminal (a shell without -c is interactive). */
  ttyIn: boolean;
}

export interface ProcessEntry {
  pid: number;
  argv: string[];
}

export interface Machine {
  target: ExecTarget;
  family: ImageFamily;
  fs: ExecFileSystem;
  now(): number;
  /** Waits in the foreground: Ctrl-C on the terminal rejects it with Interrupted. */
  sleep(ms: number): Promise<void>;
  /** The running processes, PID 1 first (what ps and /proc show). */
  processes: ProcessEntry[];
  terminal: { cols: number; rows: number };
  /**
   * Starts a program found by `lookupProgram` as a child process and waits for it; with
   * `replacing`, the program takes over that process (a shell's exec) and keeps its PID.
   */
  spawn(found: FoundProgram, argv: string[], env: Env, io: Io, cwd: string, replacing?: ProcessEntry): Promise<number>;
}

/** A process's environment in order (what `env` prints). */
export type Env = Map<string, string>;

export interface ProgramContext {
  machine: Machine;
  io: Io;
  env: Env;
  /** The logical working directory ($PWD). */
  cwd: string;
  pid: number;
}

export type Program = (ctx: ProgramContext, argv: string[]) => Promise<number> | number;

export interface FoundProgram {
  /** The file run, e.g. /usr/bin/ls. */
  path: string;
  /** Which emulated program the file is, e.g. "ls" or "dash". */
  program: string;
}
