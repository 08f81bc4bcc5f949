/**
 * bench:digest's SMTP server, in a process of its own so that its work is not the
 * sender's: smtp-server accepting every message (no auth, no TLS on loopback), reading and
 * discarding the data. Prints `listening <port>` once up; on SIGTERM prints `received <n>
 * <bytes>` and exits.
 */
import { SMTPServer } from 'smtp-server';

let received = 0;
let bytes = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      received += 1;
      callback(null, `queued as bench-${received}`);
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  process.stdout.write(`received ${received} ${bytes}\n`);
  server.close(() => process.exit(0));
});
