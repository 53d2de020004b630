// The guards behind every skip in the suite: a missing resource skips with its reason and its
// install line outside CI, and fails the test under CI=true, where .ci/run installs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fashionMnistMissing, missing } from './helpers.js';

function withCi<T>(value: string | undefined, body: () => T): T {
  const saved = process.env['CI'];
  if (value === undefined) delete process.env['CI'];
  else process.env['CI'] = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env['CI'];
    else process.env['CI'] = saved;
  }
}

test('a present resource never skips, in CI or not', () => {
  assert.equal(withCi(undefined, () => missing('thing', true, 'apt-get install -y thing')), false);
  assert.equal(withCi('true', () => missing('thing', true, 'apt-get install -y thing')), false);
});

test('outside CI a missing resource gives the skip reason with its install line', () => {
  const why = withCi(undefined, () => missing('thing', false, 'apt-get install -y thing'));
  assert.equal(why, 'thing is not installed (apt-get install -y thing)');
});

test('under CI=true a missing resource fails instead of skipping', () => {
  assert.throws(() => withCi('true', () => missing('thing', false, 'apt-get install -y thing')), /thing is not installed \(apt-get install -y thing\); CI must have it/);
});

test('the dataset guard follows the same rule for a folder that is not there', () => {
  const dir = '/nonexistent/fashion-mnist';
  assert.equal(withCi(undefined, () => fashionMnistMissing(dir)), 'Fashion-MNIST in /nonexistent/fashion-mnist is not installed (apt-get install -y dataset-fashion-mnist)');
  assert.throws(() => withCi('true', () => fashionMnistMissing(dir)), /CI must have it: see \.ci\/run/);
});
