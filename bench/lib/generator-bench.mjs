/**
 * The generator table: a generated mcp.yaml with N tools (default 1,000) in a temporary project;
 * cold `mcp-gen build`, no-op rebuild, `mcp-gen build --check`, tsc, and server start-up time
 * (spawn to the first successful initialize, median of 5).
 */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from './children.mjs';
import { startServer } from './server.mjs';
import { freePort } from '../peers/shared/serve.mjs';
import { APP_DIR, REPO_ROOT, buildApp, mcpGen, tscBin } from './our-app.mjs';
import { median } from './stats.mjs';
import { childrenCpuSeconds, cpuSeconds } from './proc-stats.mjs';

/** mcp.yaml text with `count` tools of a few typed arguments each (names tool_0000...). */
export function manyToolsYaml(count) {
  const lines = ['mcp: 1', 'server:', '  name: bench-many-tools', '  version: 1.0.0', 'tools:'];
  for (let i = 0; i < count; i++) {
    const name = `tool_${String(i).padStart(4, '0')}`;
    lines.push(
      `  - name: ${name}`,
      `    description: Tool number ${i} of the generator benchmark`,
      '    input:',
      '      type: object',
      '      properties:',
      '        text: { type: string, maxLength: 200 }',
      '        count: { type: integer, minimum: 0 }',
      '        mode: { enum: [fast, slow] }',
      '      required: [text]',
      '      additionalProperties: false',
      '    output:',
      '      type: object',
      '      properties:',
      '        result: { type: string }',
      '      required: [result]',
    );
  }
  return lines.join('\n') + '\n';
}

/** Wall and CPU seconds of a command: on a busy machine wall time waits for a core, CPU time does not. */
async function timed(fn) {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  await fn();
  return { wall: (performance.now() - started) / 1000, cpu: childrenCpuSeconds() - cpuBefore };
}

/** Median start-up (spawn to first successful initialize) of `entry` over `times` starts, wall and CPU. */
export async function measureStartup(entry, cwd, label, times = 5) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < times; i++) {
    const port = await freePort();
    const server = await startServer({
      command: process.execPath,
      args: [entry, 'serve'],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), MCP_LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      cwd,
      port,
      path: '/mcp',
      label,
    });
    walls.push(server.startMs / 1000);
    try {
      cpus.push(cpuSeconds(server.pid));
    } finally {
      await server.stop();
    }
  }
  return { wall: median(walls), cpu: median(cpus), walls };
}

export async function writeProject(dir, toolCount) {
  await mkdir(join(dir, 'src'), { recursive: true });
  // Packages (the runtime, express...) resolve through the repo's node_modules.
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'mcp.yaml'), manyToolsYaml(toolCount));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'bench-many-tools', private: true, type: 'module' }, null, 2));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        extends: join(REPO_ROOT, 'tsconfig.base.json'),
        compilerOptions: { rootDir: 'src', outDir: 'dist', allowJs: true, checkJs: false, declaration: false, sourceMap: false },
        include: ['src/**/*.ts', 'src/**/*.js'],
      },
      null,
      2,
    ),
  );
  await writeFile(join(dir, 'src', 'main.ts'), "import { main } from './generated/app.gen.js';\n\nawait main();\n");
}

export async function measureGenerator(options, log) {
  log('generator: building the repo and bench/app first');
  await buildApp();
  const dir = await mkdtemp(join(tmpdir(), 'mcp-gen-bench-'));
  try {
    await writeProject(dir, options.tools);
    log(`generator: cold build of ${options.tools} tools in ${dir}`);
    const coldBuild = await timed(() => mcpGen(['build'], dir, 300_000));
    log('generator: no-op rebuild');
    const noopBuild = await timed(() => mcpGen(['build'], dir, 300_000));
    log('generator: --check');
    const check = await timed(() => mcpGen(['build', '--check'], dir, 300_000));
    log('generator: tsc');
    const tsc = await timed(() => runToEnd(process.execPath, [tscBin(), '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 600_000 }));
    log('generator: start-up (5 times)');
    const startup = await measureStartup(join(dir, 'dist', 'main.js'), dir, `${options.tools}-tool app`);
    log('generator: start-up of bench/app, 1 tool (5 times)');
    const startupOneTool = await measureStartup(join(APP_DIR, 'dist', 'main.js'), APP_DIR, 'bench/app');
    return { ok: true, tools: options.tools, coldBuild, noopBuild, check, tsc, startup, startupOneTool };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
