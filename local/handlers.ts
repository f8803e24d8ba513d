import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const FUNCTIONS_DIR = join(import.meta.dirname, '..', 'functions');
const loaded = new Map<string, Promise<LambdaHandler>>();

/**
 * Imports a handler module (a path under functions/, as in the route table)
 * once, like a warm Lambda container keeps its module state.
 */
export function loadHandler(handler: string): Promise<LambdaHandler> {
  let pending = loaded.get(handler);
  if (!pending) {
    pending = import(pathToFileURL(join(FUNCTIONS_DIR, `${handler}.ts`)).href).then((module: { handler?: LambdaHandler }) => {
      if (typeof module.handler !== 'function') throw new Error(`functions/${handler}.ts does not export a handler function.`);
      return module.handler;
    });
    loaded.set(handler, pending);
  }
  return pending;
}
