// The terminal's line editing for `kubectl exec -it`: kubectl sends raw keystrokes, and the
// container's tty (or the shell's line editor) echoes them, erases on backspace, turns Ctrl-C
// into SIGINT and Ctrl-D on an empty line into end of input, and hands over whole lines.

export interface LineEvents {
  line(text: string): void;
  interrupt(): void;
  endOfInput(): void;
}

const DEL = '\x7f';
const BACKSPACE = '\b';
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';
const ESC = '\x1b';
/** A tty's line buffer (n_tty's 4096 bytes, one kept for the newline): keys past it are dropped. */
export const MAX_LINE = 4095;

export class LineDiscipline {
  private buffer = '';
  /** Inside an escape sequence (arrow keys and the like): none is an edit we support. */
  private escape: '' | 'start' | 'csi' = '';

  constructor(
    private readonly echo: (text: string) => void,
    private readonly events: LineEvents,
  ) {}

  input(text: string): void {
    for (const ch of text) this.key(ch);
  }

  private key(ch: string): void {
    if (this.escape) {
      this.skipEscape(ch);
      return;
    }
    switch (ch) {
      case '\r':
      case '\n': {
        const line = this.buffer;
        this.buffer = '';
        this.echo('\n');
        this.events.line(line);
        return;
      }
      case DEL:
      case BACKSPACE:
        if (this.buffer === '') return;
        this.buffer = [...this.buffer].slice(0, -1).join('');
        this.echo('\b \b');
        return;
      case CTRL_U:
        this.echo('\b \b'.repeat([...this.buffer].length));
        this.buffer = '';
        return;
      case CTRL_C:
        this.buffer = '';
        this.echo('^C');
        this.events.interrupt();
        return;
      case CTRL_D:
        // On a non-empty line the editors delete under the cursor: at the end, nothing.
        if (this.buffer === '') this.events.endOfInput();
        return;
      case ESC:
        this.escape = 'start';
        return;
      default:
        if ((ch === '\t' || ch >= ' ') && this.buffer.length < MAX_LINE) {
          this.buffer += ch;
          this.echo(ch);
        }
    }
  }

  private skipEscape(ch: string): void {
    if (this.escape === 'start') {
      this.escape = ch === '[' || ch === 'O' ? 'csi' : '';
      return;
    }
    // A CSI sequence ends with a byte in @..~ (after parameters 0..9 ; and the like).
    if (ch >= '@' && ch <= '~') this.escape = '';
  }
}
