import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultForm, planRun, shortPath, withInput } from '../../src/app/run-form.js';
import { findSample } from '../../src/tracer/samples/catalog.js';

const resize = findSample('resize')!;
const compress = findSample('compress')!;
const memshape = findSample('memshape')!;

describe('run forms', () => {
  it('gives each sample its defaults, with ref-data read-only', () => {
    expect(defaultForm(resize, '/r', 'sample-1mb.jpg')).toEqual({
      volumes: '/r:/in:ro',
      scratchFrom: '',
      memory: '',
      args: '/in/sample-1mb.jpg 50%',
    });
    expect(defaultForm(compress, '/r')).toEqual({ volumes: '', scratchFrom: '/r', memory: '', args: '.' });
    expect(defaultForm(memshape, '/r').args).toBe('0:100 64:300 16:200 128:5 16:200 0:100');
    expect(defaultForm(undefined, '/r')).toEqual({ volumes: '', scratchFrom: '', memory: '', args: '' });
  });

  it('puts a chosen input first for image functions only', () => {
    expect(withInput(defaultForm(resize, '/r', 'a.jpg'), resize, 'my photo.jpg').args).toBe("'/in/my photo.jpg' 50%");
    const form = defaultForm(memshape, '/r');
    expect(withInput(form, memshape, 'x.jpg')).toBe(form);
  });

  it('turns a form into the run spec, with relative volumes made absolute', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-form-'));
    fs.mkdirSync(path.join(cwd, 'out'));
    const plan = planRun(
      'functracer/resize',
      { volumes: 'data:/d ./out:/o:ro', scratchFrom: '', memory: '256m', args: "'a b.jpg' 50%" },
      resize,
      cwd,
    );
    expect(plan.spec).toMatchObject({
      image: 'functracer/resize',
      args: ['a b.jpg', '50%'],
      binds: ['data:/d', `${cwd}/out:/o:ro`],
      memoryBytes: 256 * 1024 * 1024,
      networkMode: 'none',
    });
    expect(plan.title).toBe('functracer/resize a b.jpg 50%');
  });

  it('plans a scratch copy instead of mounting the folder', () => {
    const plan = planRun('functracer/compress', defaultForm(compress, '/r'), compress, '/work');
    expect(plan.spec.binds).toEqual([]);
    expect(plan.scratch).toEqual({ from: '/r', mountPoint: '/d' });
  });

  it('names the field that is wrong', () => {
    expect(() => planRun('x', { volumes: '', scratchFrom: '', memory: '2q', args: '' }, undefined, '/w')).toThrow(/--memory got "2q"/);
    expect(() => planRun('x', { volumes: 'nocolon', scratchFrom: '', memory: '', args: '' }, undefined, '/w')).toThrow(
      /--volume got "nocolon"/,
    );
    expect(() => planRun('x', { volumes: '', scratchFrom: '', memory: '', args: 'a; rm -rf /' }, undefined, '/w')).toThrow(
      /shell operator/,
    );
  });

  it('shortens paths inside the working directory', () => {
    expect(shortPath('/work/ref-data', '/work')).toBe('ref-data');
    expect(shortPath('/elsewhere/x', '/work')).toBe('/elsewhere/x');
  });
});
