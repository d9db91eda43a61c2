// A tiny static file server for the built site (Node's `http` only), on 127.0.0.1 and a
// free port: what a CDN would serve, folders answered by their index.html, 404.html else,
// text gzipped when the browser accepts it.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.vtt': 'text/vtt; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types a CDN compresses (Netlify gzips or brotlis text; images are sent as they are). */
const COMPRESSED = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.ics', '.svg', '.vtt', '.txt']);

/** Sends `body`, gzipped like a CDN would when the client accepts it. */
function send(request, response, status, type, body) {
  const headers = { 'content-type': TYPES[type] || 'application/octet-stream' };
  if (COMPRESSED.has(type) && /\bgzip\b/.test(request.headers['accept-encoding'] || '')) {
    body = gzipSync(body, { level: 6 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = Buffer.byteLength(body);
  response.writeHead(status, headers);
  response.end(body);
}

/** The file a request path maps to, or null when it leaves the root. */
async function resolveFile(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (info && info.isDirectory()) return join(path, 'index.html');
  return path;
}

/** Serves `root`; resolves to `{ url, requests, close }` once listening. */
export function serve(root) {
  const requests = [];
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    requests.push(request.url);
    const file = await resolveFile(root, pathname);
    const body = file && (await readFile(file).catch(() => null));
    if (body) {
      send(request, response, 200, extname(file), body);
      return;
    }
    const missing = await readFile(join(root, '404.html')).catch(() => Buffer.from('Not found'));
    send(request, response, 404, '.html', missing);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
