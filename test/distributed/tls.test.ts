import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readTrials } from '../cli/search-helpers.js';
import { redisMissing, SPACE, spawnProc, spawnWorker, startRedis, type Proc } from './redis-helpers.js';

function opensslMissing(): string | false {
  if (spawnSync('openssl', ['version']).status === 0) return false;
  if (process.env['CI'] === 'true') throw new Error('openssl is not installed; CI must run the TLS test');
  return 'openssl is not installed (needed to make the test certificate)';
}

const skip = redisMissing() || opensslMissing();
const SECRET = 'tls-pass-9';

test('rediss:// with a password: a search and a worker talk to Redis over TLS', { skip, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  assert.equal(made.status, 0, String(made.stderr));
  const redis = await startRedis({ password: SECRET, tls: { cert, key } });
  // The children trust the test's own certificate authority (as users do with a private CA).
  const saved = process.env['NODE_EXTRA_CA_CERTS'];
  process.env['NODE_EXTRA_CA_CERTS'] = cert;
  const procs: Proc[] = [];
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.dispose();
    if (saved === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
    else process.env['NODE_EXTRA_CA_CERTS'] = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  assert.match(redis.url, /^rediss:\/\//);
  const worker = spawnWorker(redis.url, ['--delay-ms', '20', '--workers', '2']);
  procs.push(worker);
  const search = spawnProc(['search', SPACE, '--trainer', 'synthetic', '--redis', redis.url, '--trials', '3', '--workers', '2', '--runs-dir', dir, '--name', 'tls']);
  procs.push(search);
  const exit = await search.exit;
  assert.equal(exit.code, 0, search.output());
  const trials = readTrials(join(dir, 'tls'));
  assert.ok(trials.length >= 3);
  for (const t of trials) assert.equal(t.worker?.pid, worker.child.pid);
  await worker.stop();
  assert.match(search.output(), /through rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
  for (const p of procs) assert.doesNotMatch(p.output(), new RegExp(SECRET));
});
