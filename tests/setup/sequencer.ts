// The order test files start in. Vitest starts the longest first; here, among them, the files that
// copy the prepared demo database (tests/demo.ts) wait until the others have started — except the
// browser tests, the longest of all, which make it while the other worker runs files that need no
// demo — so that no two workers sit waiting for it at once.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const usesDemo = (file: string) => /\b(openDemoCopy|copyDemoDb|preparedDemo)\(|demo: 'prepared'/.test(readFileSync(file, 'utf8'));

export class DemoLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = sorted.filter((f) => f.moduleId.endsWith('browser.test.ts'));
    const rest = sorted.filter((f) => !first.includes(f));
    return [...first, ...rest.filter((f) => !usesDemo(f.moduleId)), ...rest.filter((f) => usesDemo(f.moduleId))];
  }
}
