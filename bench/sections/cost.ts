import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BenchContext } from '../harness/context.ts';
import { PRICES, capacityOf, dollarsPerMillion, reportedUnits, transactionProbe } from '../harness/capacity.ts';
import type { RecordedCall } from '../harness/dynamodb-recorder.ts';
import { createBenchOrg, issueScimToken } from '../harness/orgs.ts';
import { describeCalls } from '../harness/replay.ts';
import { prepareInvocation } from '../harness/requests.ts';
import { median } from '../harness/stats.ts';
import { SCENARIOS, type ScenarioEnv, addUsers, presentRoutes, scenarioLabel, selected } from './scenarios.ts';
import { measureBackfillOfOneUser } from './backfill.ts';

interface OperationCost {
  label: string;
  calls: string;
  readUnits: number;
  writeUnits: number;
  /** DynamoDB Local's own figure for the transactions, which the formula replaces. */
  localTransactionUnits?: number;
}

/** Sums the capacity of the calls one request made. */
export function costOfCalls(label: string, calls: RecordedCall[]): OperationCost {
  const capacities = calls.map(capacityOf);
  const transactions = calls.filter((call) => call.command === 'TransactWriteItemsCommand');
  return {
    label,
    calls: describeCalls(calls),
    readUnits: capacities.reduce((sum, capacity) => sum + capacity.readUnits, 0),
    writeUnits: capacities.reduce((sum, capacity) => sum + capacity.writeUnits, 0),
    ...(transactions.length ? { localTransactionUnits: transactions.reduce((sum, call) => sum + reportedUnits(call), 0) } : {}),
  };
}

export async function costSection(context: BenchContext): Promise<string> {
  const bench = await context.stack();
  const present = presentRoutes();
  const org = await createBenchOrg();
  const env: ScenarioEnv = { apiUrl: bench.apiUrl, org, seededUserIds: [] };
  env.seededUserIds = await addUsers(env, 60);
  if ([...present.values()].includes('scim')) env.scimToken = await issueScimToken(org.orgId);

  const sizing = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  const rows: OperationCost[] = [];
  const notes: string[] = [];
  const samples = 3;
  bench.recorder.setReturnConsumedCapacity(true);
  bench.recorder.setTransactionProbe(transactionProbe(sizing));
  try {
    for (const scenario of SCENARIOS) {
      if (!selected(scenario, context.options.routes)) continue;
      if (!present.has(scenario.route)) {
        notes.push(`${scenarioLabel(scenario)}: skipped: no such route in ROUTES on this branch`);
        continue;
      }
      const costs: OperationCost[] = [];
      for (const request of await scenario.prepare(env, samples)) {
        const invocation = await prepareInvocation(request);
        const { result, calls } = await bench.recorder.record(() => invocation.invoke());
        if (result.status >= 300) throw new Error(`${request.method} ${request.path} returned ${result.status}: ${JSON.stringify(result.body)}`);
        costs.push(costOfCalls(scenarioLabel(scenario), calls));
      }
      const typical = costs[Math.floor(costs.length / 2)]!;
      rows.push({ ...typical, readUnits: median(costs.map((cost) => cost.readUnits)), writeUnits: median(costs.map((cost) => cost.writeUnits)) });
      context.log(`cost: ${typical.label}: ${typical.calls}`);
    }
    const backfill = await measureBackfillOfOneUser(context, env);
    if (typeof backfill === 'string') notes.push(backfill);
    else rows.push(backfill);
  } finally {
    bench.recorder.setReturnConsumedCapacity(false);
    bench.recorder.setTransactionProbe(undefined);
    sizing.destroy();
  }

  return [
    '## 3. Cost: DynamoDB capacity per operation',
    '',
    `Request units of one request, including the authentication read, measured on the handlers' shared client with \`ReturnConsumedCapacity=TOTAL\` added by a bench-only SDK middleware (handler code unchanged). Reads, queries and batches use what DynamoDB Local reports, which matches AWS's rules for them. Transactions use AWS's formula instead: each item costs 2 × ⌈size / 1 KB⌉ write units, size being the larger of the item before and after the write (read with a separate client). DynamoDB Local's own transaction figure is shown for comparison: it reports 4 units for every transaction measured here, whatever its item count. All reads are strongly consistent (1 read unit per 4 KB per item). The median of ${samples} requests is shown; each request's figure is deterministic except where item sizes differ.`,
    '',
    `Prices: on-demand, ${PRICES.region}, Standard table class: $${PRICES.writeRequestUnit} per million write request units and $${PRICES.readRequestUnit} per million read request units (DynamoDB on-demand pricing page, https://aws.amazon.com/dynamodb/pricing/on-demand/, prices since 1 November 2024, checked ${PRICES.checked}). Storage, backups, streams and data transfer are not included.`,
    '',
    '| operation | DynamoDB calls | read units | write units | DynamoDB Local\'s transaction figure | $ per million operations |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${row.calls} | ${row.readUnits} | ${row.writeUnits} | ${row.localTransactionUnits ?? ''} | ${dollarsPerMillion(row).toFixed(2)} |`,
    ),
    ...(notes.length ? ['', ...notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}
