import type { Server, ServerResponse } from 'node:http';

/**
 * Lets an HTTP server stop without cutting the requests it is answering: new connections are
 * refused, idle keep-alive connections closed, each request in flight answered (with
 * `Connection: close`) before its connection closes; at the deadline the rest are cut.
 */
export class ServerDrain {
  private readonly open = new Set<ServerResponse>();
  private draining = false;
  private closed: Promise<void> | null = null;

  constructor(private readonly server: Server) {
    server.on('request', (_request, response: ServerResponse) => {
      this.open.add(response);
      if (this.draining) response.setHeader('connection', 'close');
      response.once('close', () => {
        this.open.delete(response);
        // Its connection may be idle now rather than closed (its headers were sent before the drain).
        if (this.draining) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Stops accepting connections, at once; `finish` waits for the requests in flight. */
  begin(): void {
    if (this.draining) return;
    this.draining = true;
    for (const response of this.open) if (!response.headersSent) response.setHeader('connection', 'close');
    this.closed = new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves once every request in flight was answered, or at `timeoutMs`, having cut those left (their count). */
  async finish(timeoutMs: number): Promise<{ cut: number }> {
    this.begin();
    const closed = this.closed!;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), timeoutMs);
    });
    const outcome = await Promise.race([closed, deadline]);
    clearTimeout(timer);
    if (outcome !== 'deadline') return { cut: 0 };
    const cut = this.open.size;
    this.server.closeAllConnections();
    await closed;
    return { cut };
  }
}
