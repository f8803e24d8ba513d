import { type Server, createServer } from 'node:http';

export type FaultKind = 'throttling' | 'rejection';

const FAULTS: Record<FaultKind, { status: number; type: string; message: string }> = {
  throttling: { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' },
  rejection: { status: 400, type: 'MessageRejected', message: 'Email address is not verified.' },
};

export interface SesFaultProxy {
  url: string;
  /** SendEmail requests that reached the proxy, failed or forwarded. */
  readonly requests: number;
  /**
   * Fails the next `count` requests (Infinity: every request) with SES
   * throttling (429 TooManyRequestsException) or a rejection (400 MessageRejected).
   */
  failNext(count: number, kind?: FaultKind): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of the SES emulator that fails chosen
 * requests with throttling, as SES does under its sending rate limit. The
 * emulator itself cannot fail on demand. A proxy keeps the real SDK client,
 * its retry strategy and its error parsing in the path, which a mocked client would skip.
 */
export async function startSesFaultProxy(target: string): Promise<SesFaultProxy> {
  let failuresLeft = 0;
  let fault = FAULTS.throttling;
  let requests = 0;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests++;
    if (failuresLeft > 0) {
      failuresLeft--;
      response.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.type });
      response.end(JSON.stringify({ message: fault.message }));
      return;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    const forwarded = await fetch(`${target}${request.url}`, { method: request.method ?? 'POST', headers, body: Buffer.concat(chunks) });
    response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' });
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    failNext(count: number, kind: FaultKind = 'throttling') {
      failuresLeft = count;
      fault = FAULTS[kind];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
