import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { type BenchContext } from './harness/context.ts';
import { describeMachine, loadAverage } from './harness/machine.ts';
import { type SectionId, parseOptions } from './harness/options.ts';
import type { BenchStack } from './harness/stack.ts';
import { coldStartSection } from './sections/cold-start.ts';
import { costSection } from './sections/cost.ts';
import { overheadSection } from './sections/overhead.ts';
import { scaleSection } from './sections/scale.ts';

const SECTIONS: Record<SectionId, (context: BenchContext) => Promise<string>> = {
  overhead: overheadSection,
  'cold-start': coldStartSection,
  cost: costSection,
  scale: scaleSection,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return;
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

  let stackPromise: Promise<BenchStack> | undefined;
  const context: BenchContext = {
    options,
    stack: () => {
      stackPromise ??= import('./harness/stack.ts').then((module) => module.startBenchStack());
      return stackPromise;
    },
    log: (line) => process.stderr.write(`${line}\n`),
  };

  // Ctrl-C stops the emulators this run started before exiting.
  process.once('SIGINT', () => {
    void (stackPromise ? stackPromise.then((stack) => stack.stop()) : Promise.resolve()).finally(() => process.exit(130));
  });

  const started = new Date();
  const loadBefore = loadAverage();
  const parts: string[] = [];
  try {
    for (const id of options.sections) {
      context.log(`--- ${id}`);
      const sectionStarted = performance.now();
      parts.push(await SECTIONS[id](context));
      context.log(`--- ${id} took ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s`);
    }
  } finally {
    if (stackPromise) await (await stackPromise).stop();
  }
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);

  const report = [
    '# Benchmarks',
    '',
    'Figures from one run of the benchmark suite on the machine below, against the local stack: DynamoDB Local, the SQS and SES emulators and the HTTP front, in memory on loopback ports. Absolute times are local figures, not Lambda or DynamoDB service figures: DynamoDB Local answers in about 1.5–4 ms where DynamoDB answers in single-digit milliseconds over the network, and the handler runs on this CPU, not on a 1024 MB arm64 Lambda. The ratios, sizes, capacity units and growth from 1,000 to 10,000 users carry over.',
    '',
    `Command: \`${command}\` (took ${minutes} min, started ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC). \`npm run bench -- --help\` lists the flags that shorten a run.`,
    '',
    '## Machine',
    '',
    ...describeMachine(),
    `- 1-minute load average ${loadBefore} at the start and ${loadAverage()} at the end on ${cpus().length} cores: other processes (other engineers' builds and test runs) shared the machine, so the spreads are wider than on an idle one.`,
    '- Handlers ran with `POWERTOOLS_LOG_LEVEL=SILENT`, tracing and metrics off, as the local stack sets them.',
    '',
    ...parts.flatMap((part) => [part, '']),
  ].join('\n');

  if (options.write) {
    await writeFile(options.output, report);
    context.log(`Wrote ${options.output}`);
  } else {
    process.stdout.write(report);
  }
}

main().catch((error) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
