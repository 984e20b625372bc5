import { audio } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { WAV_SILENCE } from '../../fixtures.js';

/** Tool `test_audio_content`: one WAV clip. */
export default (async () => [audio(WAV_SILENCE, 'audio/wav')]) satisfies Tools['test_audio_content'];
