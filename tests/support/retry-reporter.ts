// Names, at the end of a run, every test that failed and then passed on a retry (TAVOLO_E2E_RETRY):
// a retry keeps a slow machine from failing CI, and this keeps the flaky test in sight.
import { relative } from "node:path";
import type { Reporter, TestCase } from "vitest/node";

export default class RetryReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const diagnostic = test.diagnostic();
    if (diagnostic?.flaky) {
      this.flaky.push(
        `${relative(process.cwd(), test.module.moduleId)} > ${test.fullName} (${diagnostic.retryCount} retry)`,
      );
    }
  }

  onTestRunEnd(): void {
    if (this.flaky.length === 0) return;
    process.stdout.write(
      `\nPassed only on a retry (flaky, to be fixed):\n${this.flaky.map((n) => `  - ${n}`).join("\n")}\n`,
    );
  }
}
