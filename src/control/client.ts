import net from 'node:net';
import { type ControlMessage, type ControlRequest, encodeMessage, lineReader } from './protocol.js';

/** The service answered the command with an error: the CLI reports it as its own. */
export class ControlCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlCommandError';
  }
}

/**
 * Sends one command to the service's control socket and resolves with its result. Rejects
 * with the socket error (ENOENT, ECONNREFUSED) when nothing listens there, and with a
 * ControlCommandError when the service ran the command and it failed.
 */
export function sendControlCommand(
  socketPath: string,
  request: ControlRequest,
  onProgress: (value: unknown) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const socket = net.createConnection(socketPath);
    socket.on('connect', () => socket.write(encodeMessage(request)));
    socket.on(
      'data',
      lineReader((line) => {
        const message = JSON.parse(line) as ControlMessage;
        if (message.type === 'progress') onProgress(message.progress);
        else if (message.type === 'result') settle(() => resolve(message.result));
        else settle(() => reject(new ControlCommandError(message.message)));
      }),
    );
    socket.on('error', (error) => settle(() => reject(error)));
    socket.on('close', () =>
      settle(() =>
        reject(new ControlCommandError('the service closed the connection before it answered')),
      ),
    );
  });
}
