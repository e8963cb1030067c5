import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { hullFieldRule } from '../../src/app/screens/hull/form.js';
import { runFieldRule } from '../../src/app/run-form.js';
import { settingRule } from '../../src/app/settings.js';
import { editField } from '../../src/app/text-edit.js';

const typed = {} as Key;
const enter = { return: true } as Key;

describe('fields that refuse what they cannot hold', () => {
  it('takes a paste ending in a newline, as a copied line is, without the newline', () => {
    expect(editField('', '250000\n', typed, settingRule('requestsPerMonth'))).toEqual({ value: '250000' });
  });

  it('takes what the parsers take: grouped numbers, and sizes with a space and a unit', () => {
    expect(editField('', '1,000,000', typed, settingRule('requestsPerMonth')).refused).toBeUndefined();
    expect(editField('1,000,000', '', enter, settingRule('requestsPerMonth'))).toEqual({ value: '1,000,000', done: 'commit' });
    expect(editField('', '1.5 GiB', typed, runFieldRule('memory')).refused).toBeUndefined();
    expect(editField('1.5 GiB', '', enter, runFieldRule('memory')).done).toBe('commit');
    // As --memory: a bare number is bytes, and the field offers the size meant.
    expect(editField('256', '', enter, runFieldRule('memory')).refused?.hint).toBe(
      'Did you mean memory 256m? A number without a unit is bytes, as in docker run',
    );
  });

  it('refuses a character the field cannot hold, and Enter on a value that is not valid, keeping the edit', () => {
    const letter = editField('1', 'x', typed, hullFieldRule('runs'));
    expect(letter.value).toBe('1');
    expect(letter.refused?.message).toBe('"x" cannot go into this field');
    const zero = editField('0', '', enter, hullFieldRule('runs'));
    expect(zero.done).toBeUndefined();
    expect(zero.refused?.message).toBe('runs got "0"');
  });
});
