// The crash-restart rule: restart up to maxRestarts times inside the window,
// then stop; crashes older than the window no longer count.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RestartPolicy } from '../../src/restartPolicy';

function policyAt(times: number[], maxRestarts = 4, windowMs = 180_000): boolean[] {
  let i = 0;
  const policy = new RestartPolicy(maxRestarts, windowMs, () => times[i]);
  const decisions: boolean[] = [];
  for (; i < times.length; i++) {
    decisions.push(policy.recordCrash().restart);
  }
  return decisions;
}

test('restarts four times, then gives up on the fifth crash in three minutes', () => {
  assert.deepEqual(policyAt([0, 1000, 2000, 3000, 4000]), [true, true, true, true, false]);
});

test('crashes spread wider than the window keep being restarted', () => {
  assert.deepEqual(policyAt([0, 60_000, 120_000, 180_000, 240_001, 300_002]), [true, true, true, true, true, true]);
});

test('a crash exactly at the edge of the window still counts', () => {
  assert.deepEqual(policyAt([0, 1, 2, 3, 180_000]), [true, true, true, true, false]);
});

test('maxRestarts 0 never restarts', () => {
  assert.deepEqual(policyAt([0, 10_000_000], 0), [false, false]);
});

test('reset forgets past crashes', () => {
  let now = 0;
  const policy = new RestartPolicy(1, 1000, () => now);
  assert.equal(policy.recordCrash().restart, true);
  now = 1;
  assert.deepEqual(policy.recordCrash(), { restart: false, crashesInWindow: 2 });
  policy.reset();
  now = 2;
  assert.deepEqual(policy.recordCrash(), { restart: true, crashesInWindow: 1 });
});

test('rejects a nonsensical policy', () => {
  assert.throws(() => new RestartPolicy(-1, 1000), RangeError);
  assert.throws(() => new RestartPolicy(1, 0), RangeError);
});
