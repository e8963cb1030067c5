/**
 * Control characters (C0, DEL, C1) and the Unicode marks that reorder or break what a terminal shows. A file
 * name, a title, an image name or a function's output can hold any of them, and printed raw they would move
 * the cursor, recolour the screen, retitle the window or hide text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from outside functracer made safe to print on one line: each control character is shown as `cat -v`
 * shows it (ESC as ^[, a newline as ^J, a C1 CSI as M-^[), and each direction mark as <U+202E>, so no sequence
 * that did not come from functracer reaches the terminal, and the reader still sees that something was there.
 * Applied where foreign text is put into output: errors, reports and the TUI's lists.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    if (code <= 0x9f) return `M-^${String.fromCharCode(code - 0x80 + 0x40)}`;
    return `<U+${code.toString(16).toUpperCase()}>`;
  });
}
