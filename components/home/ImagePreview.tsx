import { Box, Text } from 'ink';
import type { PreviewState } from '../../src/app/screens/home/preview.js';
import { ErrorLine } from '../ErrorLine.js';

export interface ImagePreviewProps {
  preview: PreviewState;
  width: number;
  height: number;
  color: boolean;
}

/**
 * The highlighted input image: half-block lines, a blank area the terminal
 * draws into (kitty, iTerm2), or a line of text where there is no colour.
 */
export function ImagePreview({ preview, width, height, color }: ImagePreviewProps) {
  if (preview.kind === 'none') return null;
  let body;
  if (preview.kind === 'blocks') body = preview.lines.map((line, i) => <Text key={i}>{line}</Text>);
  else if (preview.kind === 'inline') body = <Box width={preview.cells.columns} height={preview.cells.rows} />;
  else if (preview.kind === 'text') body = <Text wrap="wrap">{preview.text}</Text>;
  else if (preview.kind === 'failed') body = <ErrorLine error={preview.error} width={width} rows={height} color={color} />;
  else body = <Text dimColor={color}>decoding the preview…</Text>;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {body}
    </Box>
  );
}
