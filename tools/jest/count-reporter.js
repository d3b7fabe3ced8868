// Records how many tests passed and failed in this Jest run, one file per Nx project, so that
// `npm test` can print one total line for CI. The file is a cached output of the test target,
// so a cache hit restores the counts too.
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const project = process.env.NX_TASK_TARGET_PROJECT || path.basename(this.rootDir);
    const dir = path.join(__dirname, '..', '..', 'tmp', 'jest-counts');
    fs.mkdirSync(dir, { recursive: true });
    const counts = {
      project,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${project}.json`), JSON.stringify(counts) + '\n');
  }
}

module.exports = CountReporter;
