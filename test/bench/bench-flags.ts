/** A bench's one numeric flag (`--pairs 3`, `--minutes 1`), so a test can run it short; `fallback` when absent. */
export function benchFlag(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!(value > 0)) throw new Error(`${name} takes a positive number, not ${argv[at + 1] ?? 'nothing'}`);
  return value;
}
