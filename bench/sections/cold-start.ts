import type { BenchContext } from '../harness/context.ts';
export async function coldStartSection(_context: BenchContext): Promise<string> { return ''; }
