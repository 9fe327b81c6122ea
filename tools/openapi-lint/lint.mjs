// Lints target/openapi.json (written by OpenApiDocumentTest) with the Redocly CLI pinned in
// package-lock.json and the rules of redocly.yaml. Exits non-zero when Redocly reports an error.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const document = path.resolve(here, '..', '..', 'target', 'openapi.json');
if (!existsSync(document)) {
  console.log('target/openapi.json is not there (OpenApiDocumentTest did not run): nothing to lint.');
  process.exit(0);
}
const cli = path.join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
if (!existsSync(cli)) {
  console.error('The Redocly CLI is not installed: run `npm ci` in tools/openapi-lint first.');
  process.exit(2);
}
const run = spawnSync(
  process.execPath,
  [cli, 'lint', '--config', 'redocly.yaml', '--format=summary', '--max-problems=1000',
   path.relative(here, document)],
  {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
process.exit(run.status ?? 1);
