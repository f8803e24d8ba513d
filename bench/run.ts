import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { type BenchContext } from './harness/context.ts';
import { describeMachine, loadAverage } from './harness/machine.ts';
import { type SectionId, parseOptions } from './harness/options.ts';
import { mergeReport } from './harness/report.ts';
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
  // Quoted where the shell needs it, so the command in the report can be pasted as is.
  const shellWord = (word: string) => (/^[\w,./=:-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2).map(shellWord)] : [])].join(' ');

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

  const parts = new Map<SectionId, string>();
  try {
    for (const id of options.sections) {
      context.log(`--- ${id}`);
      const started = new Date();
      const loadBefore = loadAverage();
      const markdown = await SECTIONS[id](context);
      const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(0);
      context.log(`--- ${id} took ${seconds} s`);
      const [heading, ...rest] = markdown.split('\n');
      const provenance = `Measured by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${seconds} s; 1-minute load average ${loadBefore} at the start and ${loadAverage()} at the end on ${cpus().length} cores.`;
      parts.set(id, [heading, '', provenance, ...rest].join('\n'));
    }
  } finally {
    if (stackPromise) await (await stackPromise).stop();
  }

  const header = [
    '# Benchmarks',
    '',
    'Figures from the benchmark suite (`bench/`) on the machine below, against the local stack: DynamoDB Local, the SQS and SES emulators and the HTTP front, in memory on loopback ports. Absolute times are local figures, not Lambda or DynamoDB service figures: DynamoDB Local answers in about 1.5–4 ms, and the handlers run on this CPU rather than on a 1024 MB arm64 Lambda. The ratios, sizes, capacity units and the growth from 1,000 to 10,000 users carry over.',
    '',
    '`npm run bench` runs every section and rewrites this page; `npm run bench -- --only cost` reruns one section and keeps the others and the findings. `npm run bench -- --help` lists the flags that set sizes and runs. Each section states the command and the machine load it was measured under.',
    '',
    '## Machine',
    '',
    ...describeMachine(),
    '- Other processes (builds and test runs of other work) shared this machine during the runs, so spreads are wider than on an idle machine; each section records the load average.',
    '- Handlers ran with `POWERTOOLS_LOG_LEVEL=SILENT`, and with tracing and metrics off, as the local stack sets them.',
  ].join('\n');

  if (options.write) {
    await writeFile(options.output, await mergeReport(options.output, header, parts));
    context.log(`Wrote ${options.output}`);
  } else {
    process.stdout.write([header, ...parts.values()].join('\n\n') + '\n');
  }
}

main().catch((error) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
