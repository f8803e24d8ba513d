import { readFile } from 'node:fs/promises';
import type { SectionId } from './options.ts';

/** The heading each section's markdown starts with, in report order. */
export const SECTION_HEADINGS: Record<SectionId, string> = {
  overhead: '## 1. ',
  'cold-start': '## 2. ',
  cost: '## 3. ',
  scale: '## 4. ',
};

/** Hand-written analysis at the end of the report; a rerun keeps it as it is. */
export const FINDINGS_HEADING = '## Findings and changes';

function splitSections(markdown: string): string[] {
  return markdown.split(/^(?=## )/m);
}

/**
 * Builds the report from the header, the sections measured in this run and,
 * from the report already on disk, the sections not rerun and the findings.
 * So `--only cost` refreshes the cost figures and leaves the rest in place.
 */
export async function mergeReport(path: string, header: string, measured: Map<SectionId, string>): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => '');
  const previous = splitSections(existing);
  const keep = (prefix: string) => previous.find((block) => block.startsWith(prefix))?.trimEnd();
  const body = (Object.keys(SECTION_HEADINGS) as SectionId[])
    .map((id) => measured.get(id)?.trimEnd() ?? keep(SECTION_HEADINGS[id]))
    .filter((block): block is string => block !== undefined);
  const findings = keep(FINDINGS_HEADING);
  return [header.trimEnd(), ...body, ...(findings ? [findings] : [])].join('\n\n') + '\n';
}
