import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StderrTail } from '../../src/stderrTail';

test('the last line survives chunks split mid-line', () => {
  const tail = new StderrTail(3);
  tail.add('Traceback (most recent call last):\n  File "x.py", line 1\nModuleNotFo');
  tail.add('undError: No module named \'pygls\'\n\n');
  assert.equal(tail.lastLine(), "ModuleNotFoundError: No module named 'pygls'");
});

test('an unterminated last line counts', () => {
  const tail = new StderrTail(3);
  tail.add('one\ntwo');
  assert.equal(tail.lastLine(), 'two');
});

test('empty and cleared tails have no last line', () => {
  const tail = new StderrTail(2);
  assert.equal(tail.lastLine(), undefined);
  tail.add('x\n');
  tail.clear();
  assert.equal(tail.lastLine(), undefined);
});
