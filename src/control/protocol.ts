import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * The service's control socket: how the CLI works through a running embedded service
 * instead of opening its PGlite folder a second time. One request per connection, as
 * newline-delimited JSON: the CLI sends a ControlRequest, the service answers with progress
 * lines and then exactly one result or error line, and closes.
 */
export interface ControlRequest {
  command: string;
  args: unknown;
}

export type ControlMessage =
  | { type: 'progress'; progress: unknown }
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string };

/** A profile is the largest argument; anything far beyond is not a CLI request. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

// sun_path holds 108 bytes on Linux, 104 on macOS; leave room for the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * A unix socket in the data folder (never a TCP port: only this machine's user may send
 * commands). A data folder too deep for a socket path gets one in the temp folder instead,
 * named after the folder; the lock file records which, so the CLI never guesses.
 */
export function controlSocketPath(dataDir: string): string {
  const inDataDir = path.join(dataDir, 'control.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH_BYTES) return inDataDir;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `callradar-${hash}.sock`);
}

export function encodeMessage(message: ControlMessage | ControlRequest): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a byte stream into complete JSON lines. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.trim()) onLine(line);
    }
  };
}
