/**
 * Probe: CPU per tools/call inside the engine alone (no HTTP): bench/app's server, a local context,
 * 50 calls in flight, three rounds. Usage (after `npm run bench` built bench/app once):
 *   MCP_LOG_LEVEL=warn NODE_ENV=production taskset -c 1 node bench/probes/engine-calls.mjs [calls]
 */
const { createServer } = await import(new URL('../app/dist/generated/app.gen.js', import.meta.url).href);
const server = createServer();
const ctx = server.localContext();
const calls = Number(process.argv[2] ?? 200_000);
const message = (i) => ({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'add', arguments: { a: i % 1000, b: 2 } } });
for (let i = 0; i < 20_000; i++) await server.handleMessage(message(i), ctx);
for (let round = 1; round <= 3; round++) {
  const before = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      const reply = await server.handleMessage(message(next++), ctx);
      if (reply?.result === undefined) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  const used = process.cpuUsage(before);
  console.log(`round ${round}: ${((used.user + used.system) / calls).toFixed(2)} us CPU per tools/call`);
}
await server.close();
