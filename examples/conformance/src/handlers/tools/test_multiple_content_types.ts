import { embeddedResource, image, text } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { PNG_1X1 } from '../../fixtures.js';

/** Tool `test_multiple_content_types`: text, image and an embedded JSON resource. */
export default (async () => [
  text('Multiple content types test:'),
  image(PNG_1X1, 'image/png'),
  embeddedResource('test://mixed-content-resource', JSON.stringify({ test: 'data', value: 123 }), 'application/json'),
]) satisfies Tools['test_multiple_content_types'];
