// The opening handshake (RFC 6455 section 4.2): what makes a request a WebSocket upgrade, the
// Sec-WebSocket-Accept answer, and the subprotocol both sides speak.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export type UpgradeHeaders = Record<string, string | undefined>;

/** Whether the request asks to switch to WebSocket (Connection: Upgrade, Upgrade: websocket). */
export function isWebSocketUpgrade(headers: UpgradeHeaders): boolean {
  const connection = (headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim());
  return connection.includes('upgrade') && (headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The subprotocols a client offers, in its order. */
export function offeredProtocols(headers: UpgradeHeaders): string[] {
  return (headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The first of ours (in our preference) the client offers. */
export function chooseProtocol(ours: readonly string[], offered: readonly string[]): string | undefined {
  return ours.find((p) => offered.includes(p));
}

/** Why the request cannot be accepted as a WebSocket handshake, or undefined if it can. */
export function handshakeProblem(method: string, headers: UpgradeHeaders): string | undefined {
  if (method !== 'GET') return `a WebSocket upgrade must be a GET request, not ${method}`;
  const key = headers['sec-websocket-key'] ?? '';
  if (Buffer.from(key, 'base64').length !== 16) return 'the Sec-WebSocket-Key header is missing or not 16 bytes in base64';
  if (headers['sec-websocket-version'] !== '13') return 'only WebSocket version 13 is supported';
  return undefined;
}

/** The 101 response's head, accepting the client's key and agreeing on `protocol`. */
export function acceptResponse(key: string, protocol: string): string {
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  return ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, `Sec-WebSocket-Protocol: ${protocol}`, '', ''].join('\r\n');
}
