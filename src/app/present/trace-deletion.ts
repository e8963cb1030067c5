import { wrapWords } from '../../core/text-width.js';
import type { TraceDeletion } from '../trace-deletion.js';
import { fitStart } from '../../report/fit.js';
import { count } from '../../report/figures.js';

/** The question before a recorded trace is deleted, as rows of text `width` wide. */
export interface DeletionView {
  title: string;
  lines: string[];
  keys: string;
}

/** Names every file that would go, whole where the width allows, and the trace's files that stay, with why. */
export function deletionView(plan: TraceDeletion, folder: string, width: number): DeletionView {
  const files = plan.files.map((file) => `  ${fitStart(file.name, Math.max(8, width - 12))}  ${count(Math.max(1, file.bytes / 1024))} KB`);
  const kept = plan.kept.flatMap((file) => wrapWords(`• ${file.name}: ${file.reason}`, width - 2, '  ').map((line) => `  ${line}`));
  const several = plan.files.length > 1;
  return {
    title: `Delete a recorded trace? (${plan.files.length} file${several ? 's' : ''})`,
    lines: [
      ...wrapWords(`${several ? 'These files go' : 'This file goes'} from ${folder} for good:`, width),
      ...files,
      ...(kept.length > 0 ? ['', 'Left as they are:', ...kept] : []),
    ],
    keys: `y deletes ${several ? 'them' : 'it'} · n or Esc keeps ${several ? 'them' : 'it'}`,
  };
}
