import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteTraceFiles, planTraceDeletion } from '../../src/app/trace-deletion.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** An output folder with one recorded trace and its two siblings, as functracer writes them. */
function folder(): { out: string; csv: string; record: string; output: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-delete-'));
  dirs.push(out);
  const stem = path.join(out, 'functracer-20260101-000000-1-1');
  const files = { out, csv: `${stem}-rawresults.csv`, record: `${stem}-run.json`, output: `${stem}-output.txt` };
  fs.writeFileSync(files.csv, '00:00:00.000,0\n00:00:00.001,0\n');
  fs.writeFileSync(files.record, '{}');
  fs.writeFileSync(files.output, 'hello\n');
  return files;
}

describe('deleting a recorded trace', () => {
  it('names the CSV and its -run.json and -output.txt, and removes them once agreed', async () => {
    const { out, csv, record, output } = folder();
    const other = path.join(out, 'functracer-20260101-000001-1-1-rawresults.csv');
    fs.writeFileSync(other, '');
    const plan = await planTraceDeletion(csv, out);
    expect(plan.files.map((f) => f.name)).toEqual([path.basename(csv), path.basename(record), path.basename(output)]);
    expect(plan.kept).toEqual([]);
    // Asking removes nothing.
    expect(fs.existsSync(csv)).toBe(true);
    expect(await deleteTraceFiles(plan)).toEqual({ deleted: plan.files.map((f) => f.name), kept: [] });
    expect(fs.readdirSync(out)).toEqual([path.basename(other)]);
  });

  it('leaves a link or a folder planted under a sibling name, and the file a link points to', async () => {
    const { out, csv, record, output } = folder();
    const target = path.join(out, 'precious.txt');
    fs.writeFileSync(target, 'keep me');
    fs.rmSync(record);
    fs.symlinkSync(target, record);
    fs.rmSync(output);
    fs.mkdirSync(output);
    const plan = await planTraceDeletion(csv, out);
    expect(plan.files.map((f) => f.name)).toEqual([path.basename(csv)]);
    expect(plan.kept).toEqual([
      { name: path.basename(record), reason: 'a symbolic link, which functracer never removes' },
      { name: path.basename(output), reason: 'not a regular file' },
    ]);
    await deleteTraceFiles(plan);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
    expect(fs.lstatSync(record).isSymbolicLink()).toBe(true);
  });

  it('refuses a trace that is a link, or not in the output folder, and deletes nothing', async () => {
    const { out, csv, record } = folder();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-elsewhere-'));
    dirs.push(elsewhere);
    const linked = path.join(out, 'linked-rawresults.csv');
    fs.symlinkSync(csv, linked);
    await expect(planTraceDeletion(linked, out)).rejects.toThrow(/linked-rawresults\.csv is not functracer's to delete: a symbolic link/);
    await expect(planTraceDeletion(csv, elsewhere)).rejects.toThrow(/is not in the output folder/);
    expect(fs.existsSync(csv) && fs.existsSync(record)).toBe(true);
  });

  it("leaves another user's file, and a file swapped for a link after the question", async () => {
    const { out, csv, record, output } = folder();
    if (process.getuid?.() === 0) fs.chownSync(output, 65534, 65534);
    const plan = await planTraceDeletion(csv, out);
    if (process.getuid?.() === 0)
      expect(plan.kept).toEqual([{ name: path.basename(output), reason: 'it belongs to uid 65534, not to you' }]);
    // Between the question and the answer, the record is replaced by a link to somewhere that matters.
    const target = path.join(out, 'precious.txt');
    fs.writeFileSync(target, 'keep me');
    fs.rmSync(record);
    fs.symlinkSync(target, record);
    const done = await deleteTraceFiles(plan);
    expect(done.deleted).toEqual([path.basename(csv)]);
    expect(done.kept).toEqual([{ name: path.basename(record), reason: 'it changed after you were asked' }]);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });
});
