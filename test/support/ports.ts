import { createServer } from 'node:net';

/** A free loopback port, as the system hands one out (for a server told its port, so that no log line has to be parsed for it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
