import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erf, expNeg } from '../../src/backend/wasm/math.js';

/** erf by its Taylor series in float64 (accurate to ~1e-13 for |x| <= 3). */
function erfSeries(x: number): number {
  let sum = 0;
  let term = x;
  for (let k = 0; k < 200 && Math.abs(term) > 1e-18; k++) {
    sum += term / (2 * k + 1);
    term *= (-x * x) / (k + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('scalar maths of the wasm kernels', () => {
  it('computes e^(-u) within 1e-7 relative error from 0 to float32 underflow', () => {
    let worst = 0;
    for (let u = 0; u < 104; u += 0.000731) worst = Math.max(worst, Math.abs(expNeg(u) - Math.exp(-u)) / Math.exp(-u));
    assert.ok(worst < 1e-7, `worst relative error ${worst}`);
    assert.equal(expNeg(104), 0);
    assert.equal(expNeg(1e9), 0);
    assert.equal(expNeg(0), 1);
  });

  it('computes erf within 2e-7 absolute error, odd, saturating at +-1', () => {
    let worst = 0;
    for (let x = -3; x <= 3; x += 0.000917) worst = Math.max(worst, Math.abs(erf(x) - erfSeries(x)));
    assert.ok(worst < 2e-7, `worst absolute error ${worst}`);
    for (const x of [0.3, 1.7, 2.9]) assert.equal(erf(-x), -erf(x));
    for (const x of [4, 5, 40, 1e30]) assert.ok(Math.abs(erf(x) - 1) < 1e-7 && Math.abs(erf(-x) + 1) < 1e-7, `erf(${x})`);
  });
});
