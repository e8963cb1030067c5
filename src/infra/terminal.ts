/**
 * Whether full-screen output (the TUI, live screens, lines rewritten in place)
 * can be drawn: both ends are a terminal, and the terminal moves its cursor.
 * `TERM=dumb` is what editors' shells, some serial consoles and `script`
 * replays set; they get plain lines instead.
 */
export function screensAllowed(streams: { isTTY?: boolean }[] = [process.stdin, process.stdout], env = process.env): boolean {
  return streams.every((stream) => Boolean(stream.isTTY)) && env.TERM !== 'dumb';
}
