import { Box } from 'ink';
import { useLayoutEffect } from 'react';
import { inputsLayout } from '../../src/app/present/home-layout.js';
import type { RunForm } from '../../src/app/run-form.js';
import { NO_ROOM, type PreviewRoom, type PreviewState } from '../../src/app/screens/home/preview.js';
import type { SampleInputFile } from '../../src/app/services.js';
import { useInlineImage } from '../../src/app/use-inline-image.js';
import type { ImageProtocol } from '../../src/core/inline-image.js';
import { ImagePreview } from './ImagePreview.js';
import { InputsPane } from './InputsPane.js';
import { OptionsPane } from './OptionsPane.js';
import type { FormField } from '../../src/app/screens/home/state.js';

export interface InputsColumnProps {
  /** The highlighted input's picture, loaded by home's model for the room this column tells it. */
  preview: PreviewState;
  tellPreviewRoom(room: PreviewRoom): void;
  files: SampleInputFile[];
  selectedInput: number;
  inUse?: string;
  takesImage: boolean;
  writing: boolean;
  /** ref-data is still being read. */
  listing: boolean;
  focus: 'inputs' | 'options' | 'other';
  image: string;
  form: RunForm;
  fields: FormField[];
  selectedField: number;
  editing?: { field: FormField; value: string };
  protocol: ImageProtocol;
  /** The screen is on top and has the keyboard: only then may the terminal draw a picture. */
  active: boolean;
  /** Where the column sits on the terminal (0-based), for the kitty and iTerm2 pictures. */
  origin: { row: number; column: number };
  width: number;
  height: number;
  color: boolean;
}

/** The home screen's right half: the input images with a preview of the highlighted one, and the run's options. */
export function InputsColumn(props: InputsColumnProps) {
  const { width, height, color } = props;
  const layout = inputsLayout({
    panes: height,
    width,
    files: props.files.length,
    writing: props.writing,
    focused: props.focus === 'inputs',
    protocol: props.protocol,
  });
  const { preview, tellPreviewRoom, protocol } = props;
  const { columns, rows } = layout.previewing ? layout.previewBox : NO_ROOM.box;
  useLayoutEffect(() => tellPreviewRoom({ box: { columns, rows }, protocol }), [tellPreviewRoom, columns, rows, protocol]);
  // Stays a view effect: writing the loaded picture's escape codes to the terminal is drawing, not a use case.
  useInlineImage(
    preview.kind === 'inline' && props.active
      ? {
          protocol: props.protocol,
          png: preview.png,
          cells: preview.cells,
          row: props.origin.row + layout.previewTop,
          column: props.origin.column + 1,
        }
      : undefined,
  );
  return (
    <Box flexDirection="column" width={width}>
      <InputsPane
        files={props.files}
        selected={props.selectedInput}
        {...(props.inUse ? { inUse: props.inUse } : {})}
        takesImage={props.takesImage}
        writing={props.writing}
        listing={props.listing}
        focused={props.focus === 'inputs'}
        color={color}
        width={width}
        height={layout.inputsHeight}
        {...(layout.previewing ? { listRows: layout.listRows } : {})}
      >
        {layout.previewing ? (
          <ImagePreview preview={preview} width={layout.previewBox.columns} height={layout.previewBox.rows} color={color} />
        ) : null}
      </InputsPane>
      <OptionsPane
        image={props.image}
        form={props.form}
        fields={layout.previewing ? ['args'] : props.fields}
        selected={Math.min(props.selectedField, props.fields.length - 1)}
        {...(props.editing ? { editing: props.editing } : {})}
        focused={props.focus === 'options'}
        color={color}
        width={width}
        height={height - layout.inputsHeight}
      />
    </Box>
  );
}
