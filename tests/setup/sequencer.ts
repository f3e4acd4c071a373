// The order test files start in. Vitest starts the longest first; here, among them, the files that
// copy the prepared demo database (tests/demo.ts) wait until the others have started — except the
// first browser test file (the figures, the longest of all), which makes it while the other worker
// runs files that need no demo; the second (the workflows) comes before the other demo files, so
// that it runs beside them rather than alone at the end. Measured on 2 cores: 191 s for the whole
// run, against 204 s with both browser files first (they leave a core idle while they wait on
// their servers and Chromium) and 216-230 s with the browser tests in one file.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const usesDemo = (file: string) => /\b(openDemoCopy|copyDemoDb|preparedDemo)\(|demo: 'prepared'/.test(readFileSync(file, 'utf8'));

export class DemoLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // by name: on a fresh clone vitest has no durations of a previous run to sort by
    const figures = sorted.filter((f) => f.moduleId.endsWith('/tests/e2e/browser.test.ts'));
    const workflows = sorted.filter((f) => f.moduleId.endsWith('/tests/e2e/workflows.test.ts'));
    const rest = sorted.filter((f) => !figures.includes(f) && !workflows.includes(f));
    return [...figures, ...rest.filter((f) => !usesDemo(f.moduleId)), ...workflows, ...rest.filter((f) => usesDemo(f.moduleId))];
  }
}
