// The API server's own request/response shapes. The HTTPS server is a thin adapter over
// them, and in-process clients (the control loops of part 2) build ApiRequests directly,
// so both go through the same admission, validation and watch code.
import type { WebSocketConnection } from './websocket/connection.js';

export interface ApiRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /**
   * In-process requests only: the body as the value the caller would have serialized. The
   * codec's decodeRequest* functions copy it (JSON's rules) instead of parsing bytes; `body`
   * is then serialized from it only if something reads it. The caller leaves the value
   * unchanged until the request settles.
   */
  object?: unknown;
  /**
   * The body as text, for requests that arrive as strings (the control loops' thread posts
   * them): the codec parses it as it is, where bytes would be encoded from it and decoded again
   * (~3 us per KB). `body`, when something reads it, is its UTF-8 bytes.
   */
  text?: string;
}

/**
 * An in-process request whose `body` bytes are made only if something reads them. Classes, so
 * the lazy getter lives on the prototype: an object literal with its own getter was built in
 * slow mode for every in-process write (~0.4 % of the emulator's CPU at 5,000 nodes).
 */
abstract class LazyBodyRequest implements ApiRequest {
  private bytes: Buffer | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: URLSearchParams,
    readonly headers: Record<string, string | undefined>,
  ) {}

  // For readers of bytes (virtual resources, access reviews, handlers not yet on decodeRequest*).
  get body(): Buffer {
    this.bytes ??= this.encode();
    return this.bytes;
  }

  protected abstract encode(): Buffer;
}

/** An in-process request: `body` is serialized from `object`. */
class ValueRequest extends LazyBodyRequest {
  constructor(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, readonly object: unknown) {
    super(method, path, query, headers);
  }

  protected encode(): Buffer {
    return Buffer.from(JSON.stringify(this.object));
  }
}

/** A request whose body is text (see ApiRequest.text). */
class TextRequest extends LazyBodyRequest {
  constructor(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, readonly text: string) {
    super(method, path, query, headers);
  }

  protected encode(): Buffer {
    return Buffer.from(this.text, 'utf8');
  }
}

/** A request carrying its body as text (see ApiRequest.text). */
export function textRequest(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, text: string): ApiRequest {
  return new TextRequest(method, path, query, headers, text);
}

/** An in-process request carrying its body as a value (see ApiRequest.object). */
export function valueRequest(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, object: unknown): ApiRequest {
  return new ValueRequest(method, path, query, headers, object);
}

/** A watch in progress: frames are newline-terminated JSON lines (one WatchEvent each). */
export interface WatchStream {
  start(write: (frame: string) => void, end: () => void): void;
  /**
   * The same events as start() in the same order, each as its type and the object's JSON, so
   * an in-process watcher parses the object without a frame being built and split. Optional:
   * streams without it are read through start().
   */
  startEvents?(event: (type: WatchEventType, objectJson: string) => void, end: () => void): void;
  /** The client went away: release the store watch and timers. */
  stop(): void;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Serialized body; absent for watches. */
  body?: string | Buffer;
  /**
   * The same body in pieces, for large lists: the HTTPS adapter writes them one by one so no
   * megabyte-sized string is built (such strings land in V8's old space and drive full GCs).
   */
  chunks?: string[];
  watch?: WatchStream;
  /** A stream session (`kubectl exec`): the HTTPS server switches the connection to WebSocket. */
  upgrade?: StreamUpgrade;
}

/** What a 101 answer switches to: the agreed subprotocol and the session to run over it. */
export interface StreamUpgrade {
  protocol: string;
  start(conn: WebSocketConnection): void;
}

/** A response whose `body` is joined from `chunks` only if an in-process caller reads it. */
export function chunkedJsonResponse(status: number, chunks: string[]): ApiResponse {
  let joined: string | undefined;
  return {
    status,
    headers: { 'content-type': 'application/json' },
    chunks,
    get body(): string {
      joined ??= chunks.join('');
      return joined;
    },
  };
}

/** jsonResponse whose body text is made only when read (see lazyJsonResponse). */
class LazyJsonResponse implements ApiResponse {
  readonly headers: Record<string, string>;
  private text: string | undefined;

  constructor(
    readonly status: number,
    headers: Record<string, string>,
    private readonly make: () => string,
  ) {
    this.headers = { 'content-type': 'application/json', ...headers };
  }

  get body(): string {
    this.text ??= this.make();
    return this.text;
  }
}

/**
 * A JSON response whose body `make` gives when something reads it: an in-process caller that
 * ignores a write's answer (the control loops' Events, bindings and status patches) costs no
 * JSON text. `make` must give the same text whenever it is called.
 */
export function lazyJsonResponse(status: number, make: () => string, headers: Record<string, string> = {}): ApiResponse {
  return new LazyJsonResponse(status, headers, make);
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof value === 'string' ? value : JSON.stringify(value) };
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }, body: text };
}
