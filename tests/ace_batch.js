'use strict';
// Ace by DAISY over many EPUBs in one Node process and one browser: its command line checks
// one EPUB a run, starting Node and Chromium each time.
// Usage: node ace_batch.js ACE_CLI_PACKAGE_DIR EPUB OUTDIR [EPUB OUTDIR ...]
// writes each EPUB's report to OUTDIR/report.json, as `ace-cli -s -f -o OUTDIR EPUB` does.
const { createRequire } = require('module');
const path = require('path');

const fromAce = createRequire(path.join(process.argv[2], 'package.json'));
const ace = fromAce('@daisy/ace-core');
const runner = fromAce('@daisy/ace-axe-runner-puppeteer');
const logger = fromAce('@daisy/ace-logger');

// Ace launches a browser for each EPUB and closes it after: here the first launch is kept.
let launched = false;
const shared = Object.assign({}, runner, {
  launch: async () => { if (!launched) { await runner.launch(); launched = true; } },
  close: async () => {},
});

(async () => {
  logger.initLogger({ verbose: false, silent: true });
  const args = process.argv.slice(3);
  for (let i = 0; i + 1 < args.length; i += 2) {
    await ace(args[i], { cwd: process.cwd(), outdir: args[i + 1], silent: true, jobId: '' }, shared);
  }
  if (launched) await runner.close();
})().catch(err => { console.error(err && err.stack ? err.stack : err); process.exit(1); });
