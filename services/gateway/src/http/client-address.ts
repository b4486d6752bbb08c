import type { IncomingMessage } from 'node:http';

/** The peer address of the TCP connection (never a client-sent header), IPv4-mapped IPv6 shown as IPv4. */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
