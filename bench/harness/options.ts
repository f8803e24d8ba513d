import { parseArgs } from 'node:util';

export const SECTION_IDS = ['overhead', 'cold-start', 'cost', 'scale'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface BenchOptions {
  sections: SectionId[];
  /** Runs per figure; each figure is reported as the median over runs with the min–max range. */
  runs: number;
  /** Requests per route and mode in one overhead run. */
  samples: number;
  /** Fresh Node processes per bundle for module-init time. */
  coldStarts: number;
  /** Users provisioned in the large scale org. */
  scaleUsers: number;
  /** Users provisioned in the small scale org, to compare time per user. */
  scaleSmallUsers: number;
  /** Runs of the scale section (it is the slowest). */
  scaleRuns: number;
  /** Users in the backfill figure. */
  backfillUsers: number;
  /** Only overhead and cost rows whose label contains one of these; empty means all. */
  routes: string[];
  /** Requests in flight at once while provisioning. */
  concurrency: number;
  /** Report path; `write` false prints the report instead. */
  output: string;
  write: boolean;
}

const HELP = `Usage: npm run bench -- [options]

Starts DynamoDB Local, the SQS and SES emulators and the HTTP front in memory
on free loopback ports, runs the sections and writes docs/BENCHMARKS.md.

  --only LIST          sections to run, comma-separated: ${SECTION_IDS.join(', ')} (default: all)
  --runs N             runs per figure, reported as median (min–max) (default 3)
  --samples N          requests per route and mode in each overhead run (default 50)
  --cold-starts N      fresh Node processes per bundle for module-init time (default 20)
  --scale-users N      users in the large scale org (default 10000)
  --scale-small N      users in the small scale org (default 1000)
  --scale-runs N       runs of the scale section (default 3)
  --backfill-users N   users in the backfill figure (default 1000)
  --routes LIST        overhead and cost rows whose label contains one of these, comma-separated (default: all)
  --concurrency N      requests in flight while provisioning (default 8)
  --output FILE        report path (default docs/BENCHMARKS.md)
  --no-write           print the report instead of writing it
  --quick              small sizes for a smoke run: 2 runs, 20 samples, 5 cold starts, 200/1000 users
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, got "${value}".`);
  return parsed;
}

export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      samples: { type: 'string' },
      'cold-starts': { type: 'string' },
      'scale-users': { type: 'string' },
      'scale-small': { type: 'string' },
      'scale-runs': { type: 'string' },
      'backfill-users': { type: 'string' },
      concurrency: { type: 'string' },
      routes: { type: 'string' },
      output: { type: 'string' },
      'no-write': { type: 'boolean' },
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return undefined;
  }
  const quick = values.quick === true;
  const sections = (values.only?.split(',').map((part) => part.trim()) ?? [...SECTION_IDS]) as SectionId[];
  const unknown = sections.filter((section) => !SECTION_IDS.includes(section));
  if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')}; choose from ${SECTION_IDS.join(', ')}.`);
  const scaleSmallUsers = positive('scale-small', values['scale-small'], quick ? 200 : 1000);
  const scaleUsers = positive('scale-users', values['scale-users'], quick ? 1000 : 10_000);
  if (scaleSmallUsers > scaleUsers) throw new Error('--scale-small must not exceed --scale-users.');
  return {
    sections,
    runs: positive('runs', values.runs, quick ? 2 : 3),
    samples: positive('samples', values.samples, quick ? 20 : 50),
    coldStarts: positive('cold-starts', values['cold-starts'], quick ? 5 : 20),
    scaleUsers,
    scaleSmallUsers,
    scaleRuns: positive('scale-runs', values['scale-runs'], quick ? 1 : 3),
    backfillUsers: positive('backfill-users', values['backfill-users'], quick ? 100 : 1000),
    routes: values.routes?.split(',').map((part) => part.trim()).filter(Boolean) ?? [],
    concurrency: positive('concurrency', values.concurrency, 8),
    output: values.output ?? 'docs/BENCHMARKS.md',
    write: values['no-write'] !== true,
  };
}
