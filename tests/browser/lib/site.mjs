// Builds Capsule sites for the browser tests and asks `capsule search` for the ranking
// the pages must reproduce. The build clock is pinned so that both agree on what is
// published.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: its sample catalogue is the site under test. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ENV = { ...process.env, SOURCE_DATE_EPOCH: '1795435200' };

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

/** `capsule build --root root --output output`. */
export function buildSite(binary, root, output) {
  execFileSync(binary, ['build', '--root', root, '--output', output], { env: ENV, stdio: 'pipe' });
}

/** `capsule search --json`: hits `{ url, title, score, topics, levels, contributors, duration_secs }`. */
export function searchCli(binary, root, query, limit = 10) {
  const args = ['search', query, '--root', root, '--json', '--limit', String(limit)];
  return JSON.parse(execFileSync(binary, args, { env: ENV, encoding: 'utf8' }));
}

/**
 * A copy of the sample site with one more video whose title and summary are HTML
 * (text for Capsule, which the search page must show as text).
 */
export function hostileSite() {
  const root = temporaryFolder('hostile');
  for (const part of ['content', 'themes']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  writeFileSync(join(root, 'site.yaml'), readFileSync(join(REPO, 'site.yaml')));
  const video = readFileSync(join(REPO, 'content/videos/calcul-mental-avec-les-ardoises.md'), 'utf8')
    .replace(/^title: .*$/m, 'title: "Piège <img src=x onerror=\\"window.injected=1\\"> <b>balisé</b>"')
    .replace(/^summary: .*$/m, 'summary: "Un résumé piégé <script>window.injected=2</script> balisé <a href=\\"https://evil.test/\\">lien</a>."');
  writeFileSync(join(root, 'content/videos/piege-a-balises.md'), video.replace(/^aliases:.*$/m, ''));
  return root;
}
