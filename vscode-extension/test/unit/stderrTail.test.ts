import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StderrTail } from '../../src/stderrTail';

test('the error line survives chunks split mid-line', () => {
  const tail = new StderrTail(3);
  tail.add('Traceback (most recent call last):\n  File "x.py", line 1\nModuleNotFo');
  tail.add('undError: No module named \'pygls\'\n\n');
  assert.equal(tail.lastError(), "ModuleNotFoundError: No module named 'pygls'");
});

test('an unterminated error line counts', () => {
  const tail = new StderrTail(3);
  tail.add('starting\nkiln: internal error: boom');
  assert.equal(tail.lastError(), 'kiln: internal error: boom');
});

test('log lines are not errors', () => {
  const tail = new StderrTail(5);
  tail.add('INFO indexing 3 files\nIgnoring notification for unknown method\n');
  assert.equal(tail.lastError(), undefined);
});

test('only the last few lines are kept', () => {
  const tail = new StderrTail(2);
  tail.add('ValueError: old\nok\nok\n');
  assert.equal(tail.lastError(), undefined);
});

test('a cleared tail has no error', () => {
  const tail = new StderrTail(2);
  tail.add('RuntimeError: x\n');
  tail.clear();
  assert.equal(tail.lastError(), undefined);
});
