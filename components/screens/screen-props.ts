/** What every screen gets from the App shell. */
export interface ScreenChrome {
  width: number;
  /** Rows for the screen, its status bar included (the header is the shell's). */
  height: number;
  color: boolean;
  /** False while the help overlay has the keyboard, or while another screen is on top. */
  active: boolean;
  onQuit: () => void;
  onHelp: () => void;
  /** Terminal rows above the screen (the header), for pictures the terminal draws itself at a position. */
  top?: number;
  /** Absent where there is nowhere to go back to. */
  onBack?: () => void;
}
