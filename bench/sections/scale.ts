import type { BenchContext } from '../harness/context.ts';
export async function scaleSection(_context: BenchContext): Promise<string> { return ''; }
