import { embeddedResource } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_embedded_resource`: one embedded text resource. */
export default (async () => [
  embeddedResource('test://embedded-resource', 'This is an embedded resource content.', 'text/plain'),
]) satisfies Tools['test_embedded_resource'];
