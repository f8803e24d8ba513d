import type { BenchContext } from '../harness/context.ts';
export async function costSection(_context: BenchContext): Promise<string> { return ''; }
