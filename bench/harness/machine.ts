import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** What the figures were measured on. */
export function describeMachine(): string[] {
  const cpuList = cpus();
  const javaVersion = (() => {
    try {
      return execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || undefined;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      return stderr?.split('\n')[0];
    }
  })();
  return [
    `- CPU: ${cpuList[0]?.model ?? 'unknown'}, ${cpuList.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, Linux ${release()}`,
    `- DynamoDB Local 1.25 (amplify-dynamodb-simulator) on ${javaVersion ?? 'Java (version unknown)'}`,
  ];
}

/** The 1-minute load average, which shows whether other processes shared the CPU. */
export const loadAverage = () => loadavg()[0]!.toFixed(2);
