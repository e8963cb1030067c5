import { Box } from 'ink';
import type { HomeModel } from '../../src/app/screens/home/actions.js';
import { homeView } from '../../src/app/screens/home/view-model.js';
import { useStore } from '../../src/app/use-store.js';
import type { ImageProtocol } from '../../src/core/inline-image.js';
import { MessageArea } from '../MessageArea.js';
import { ImageListPane } from '../home/ImageListPane.js';
import { InputsColumn } from '../home/InputsColumn.js';
import { TracesPane } from '../home/TracesPane.js';
import { ConfirmDelete } from '../home/ConfirmDelete.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface ImageSelectScreenProps extends Pick<ScreenChrome, 'width' | 'height' | 'color' | 'active' | 'top'> {
  /** Home's model (`createHome`): its state, and the keys the shell hands it. */
  home: HomeModel;
  /** How the input image is previewed: half blocks, the terminal's own protocol, or text. */
  imageProtocol: ImageProtocol;
}

/** Home: pick an image, its input and its options, and trace it; or open a recorded trace. The model is src/app/screens/home. */
export function ImageSelectScreen({ home, width, height, color, active, top, imageProtocol }: ImageSelectScreenProps) {
  const view = homeView(useStore(home.store), { width, height });
  const { layout } = view;
  const pane = (paneWidth: number, paneHeight: number) => ({ color, width: paneWidth, height: paneHeight });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {view.asking ? (
        <ConfirmDelete plan={view.asking} folder={view.outDir} width={width} height={layout.panes} color={color} />
      ) : (
        <Box height={layout.panes} flexShrink={0}>
          <Box flexDirection="column" width={layout.leftWidth}>
            <ImageListPane {...pane(layout.leftWidth, layout.imagesHeight)} {...view.images} />
            <TracesPane {...pane(layout.leftWidth, layout.tracesHeight)} {...view.traces} />
          </Box>
          <Box flexDirection="column" width={layout.rightWidth}>
            <InputsColumn
              {...pane(layout.rightWidth, layout.panes)}
              {...view.inputs}
              tellPreviewRoom={home.previewRoom}
              protocol={imageProtocol}
              active={active}
              origin={{ row: top ?? 1, column: layout.leftWidth }}
            />
          </Box>
        </Box>
      )}
      <MessageArea {...view.message} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
