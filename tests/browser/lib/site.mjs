// Builds the test catalogue (`tests/fixtures/catalogue/`, never the repository's editorial
// `content/`) for the browser suites and benches, and asks `capsule search` for the ranking
// the pages must reproduce. The build clock is pinned so that both agree on what is
// published.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (cargo, the theme, `target/`). */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The site every browser suite builds: a French catalogue owned by the tests. */
export const FIXTURE = join(REPO, 'tests/fixtures/catalogue');
/** 2026-11-23T12:00:00Z, the build clock of every test (like `NOW` in tests/common/mod.rs). */
export const BUILD_CLOCK = '1795435200';
const ENV = { ...process.env, SOURCE_DATE_EPOCH: BUILD_CLOCK };

/** Builds the `capsule` binary (debug, already compiled by `cargo test`) and returns its path. */
export function capsuleBinary() {
  if (process.env.CAPSULE_BIN) return process.env.CAPSULE_BIN;
  const output = execFileSync('cargo', ['build', '--quiet', '--bin', 'capsule', '--message-format=json'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const artifacts = output.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const binary = artifacts.find((a) => a.reason === 'compiler-artifact' && a.executable && a.target.name === 'capsule');
  if (!binary) throw new Error('cargo did not report the capsule binary');
  return binary.executable;
}

/** A fresh temporary folder. */
export function temporaryFolder(name) {
  return mkdtempSync(join(tmpdir(), `capsule-${name}-`));
}

/**
 * A copy of the test catalogue in a temporary folder, with the repository's theme beside
 * it (`capsule` looks for `<root>/themes/<theme>`): the tests never write into the
 * repository, and a symbolic link would not survive every checkout.
 */
export function fixtureRoot() {
  const root = temporaryFolder('fixture');
  cpSync(FIXTURE, root, { recursive: true });
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  return root;
}

/** `capsule build --root root --output output`. */
export function buildSite(binary, root, output) {
  execFileSync(binary, ['build', '--root', root, '--output', output], { env: ENV, stdio: 'pipe' });
}

/**
 * The test catalogue, copied and built: `{ binary, root, output, remove() }`, `output`
 * being the site a server publishes.
 */
export function builtFixture() {
  const binary = capsuleBinary();
  const root = fixtureRoot();
  const output = join(root, 'public');
  buildSite(binary, root, output);
  return { binary, root, output, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** `capsule search --json`: hits `{ url, title, score, topics, levels, contributors, duration_secs }`. */
export function searchCli(binary, root, query, limit = 10) {
  const args = ['search', query, '--root', root, '--json', '--limit', String(limit)];
  return JSON.parse(execFileSync(binary, args, { env: ENV, encoding: 'utf8' }));
}
