import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { Integration } from '../../functions/domain/integrations.ts';
import { type FakeProviderState, type FakeResponse, type FaultKind } from './state.ts';

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeProvider {
  integration: Integration;
  state: FakeProviderState;
  /** The Authorization header value the fake accepts; anything else gets 401. */
  authorization: string;
  /** Handles a provider API request, or returns undefined for an unknown path (404). */
  route(request: FakeRequest): Promise<FakeResponse | undefined>;
}

const CONTROL = '/_fake/';

/**
 * Serves one fake provider on 127.0.0.1. Besides the provider's endpoints it
 * has control endpoints under /_fake/ that tests and demos use: `PUT
 * /_fake/users` seeds a user, `POST /_fake/faults` makes a user's next data
 * requests fail or wait, `POST /_fake/release` ends a wait, and `GET
 * /_fake/requests?email=` counts a user's data requests.
 */
export function startFakeProvider(provider: FakeProvider, port: number): Promise<Server> {
  const server = createServer(async (incoming, response) => {
    const send = (result: FakeResponse) => {
      response.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
      response.end(result.body === undefined ? '' : JSON.stringify(result.body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        url: new URL(incoming.url ?? '/', 'http://127.0.0.1'),
        headers: incoming.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      if (request.url.pathname.startsWith(CONTROL)) return send(control(provider.state, request));
      if (incoming.headers.authorization !== provider.authorization) {
        return send({ status: 401, body: { message: 'Authentication credentials are invalid.' } });
      }
      send((await provider.route(request)) ?? { status: 404, body: { message: `No route for ${request.method} ${request.url.pathname}` } });
    } catch (error) {
      send({ status: 400, body: { message: (error as Error).message } });
    }
  });
  server.on('close', () => provider.state.releaseAll());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

function control(state: FakeProviderState, request: FakeRequest): FakeResponse {
  const body = (request.body ?? {}) as { email?: string; records?: number; fault?: FaultKind; times?: number };
  const path = request.url.pathname.slice(CONTROL.length);
  if (request.method === 'PUT' && path === 'users' && body.email) {
    return { status: 200, body: state.seed(body.email, body.records ?? 5) };
  }
  if (request.method === 'POST' && path === 'faults' && body.email && body.fault !== undefined) {
    state.setFault(body.email, body.fault, body.times ?? 1);
    return { status: 204 };
  }
  if (request.method === 'POST' && path === 'release' && body.email) {
    state.release(body.email);
    return { status: 204 };
  }
  const email = request.url.searchParams.get('email');
  if (request.method === 'GET' && path === 'requests' && email) return { status: 200, body: state.requestCounts(email) };
  return { status: 404, body: { message: 'Unknown control request.' } };
}
