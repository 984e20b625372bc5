import { main } from './generated/app.gen.js';

await main();
