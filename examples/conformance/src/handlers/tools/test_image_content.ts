import { image } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { PNG_1X1 } from '../../fixtures.js';

/** Tool `test_image_content`: one PNG image. */
export default (async () => [image(PNG_1X1, 'image/png')]) satisfies Tools['test_image_content'];
