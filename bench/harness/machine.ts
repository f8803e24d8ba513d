import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** Describes the machine the figures were measured on, one markdown list item per line. */
export function describeMachine(): string[] {
  const cpuList = cpus();
  // `java -version` prints to stderr.
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0]?.trim() || undefined;
  return [
    `- CPU: ${cpuList[0]?.model ?? 'unknown'}, ${cpuList.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, Linux ${release()}`,
    `- DynamoDB Local 1.25 (amplify-dynamodb-simulator) on ${javaVersion ?? 'Java (version unknown)'}`,
  ];
}

/** The 1-minute load average, which shows whether other processes shared the CPU. */
export const loadAverage = () => loadavg()[0]!.toFixed(2);
