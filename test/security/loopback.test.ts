import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startSesV2Emulator, startSqsEmulator } from '../../local/emulators.ts';
import { startLocalOidcIssuer } from '../../local/oidc-issuer.ts';
import { freePort } from '../../local/ports.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The machine's first non-loopback IPv4 address, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('local servers', () => {
  it.skipIf(!outsideAddress)('listen on loopback only', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'roster-loopback-'));
    const sqs = await startSqsEmulator({ port: await freePort() });
    const ses = await startSesV2Emulator({ port: await freePort() });
    const oidc = await startLocalOidcIssuer({ port: 0, stateDir });
    try {
      for (const url of [sqs.url, ses.url, oidc.issuer]) {
        const port = Number(new URL(url).port);
        expect(await reachable('127.0.0.1', port), url).toBe(true);
        expect(await reachable(outsideAddress!, port), `${url} answers on ${outsideAddress}`).toBe(false);
      }
    } finally {
      await Promise.all([sqs.stop(), ses.stop(), oidc.stop()]);
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
