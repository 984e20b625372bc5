/** Command-line options of `npm run bench -- [options]`. */

export const TABLES = ['main', 'sessions', 'growth', 'generator'];

export const USAGE = `Usage: npm run bench -- [options]

  --quick              short durations for a smoke run (numbers are not comparable to a full run)
  --rows a,b           run only these rows (ids as printed in the table)
  --tables t1,t2       tables to produce: ${TABLES.join(', ')} (default: all; the generator
                       table is left out when --rows is given unless named here)
  --json               print one JSON document instead of the text tables
  --seconds N          seconds per measurement (default 3, quick 1)
  --rounds N           interleaved rounds over all rows (default 5, quick 2)
  --connections N      wrk connections (default 50)
  --sessions N         sessions opened for the idle-session table (default 1000, quick 200)
  --calls N            calls for the RSS growth table (default 100000, quick 5000)
  --tools N            tools in the generated mcp.yaml of the generator table (default 1000)
  -h, --help           this text`;

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function list(name, value) {
  if (value === undefined || value === '') throw new Error(`${name}: expected a comma-separated list`);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses argv (without node and the script). Throws with a message naming the bad option. */
export function parseArgs(argv) {
  const options = { quick: false, json: false, help: false, rows: undefined, tables: undefined };
  const raw = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--rows':
        options.rows = list('--rows', value());
        break;
      case '--tables': {
        const tables = list('--tables', value());
        const unknown = tables.filter((t) => !TABLES.includes(t));
        if (unknown.length > 0) throw new Error(`--tables: unknown table(s) ${unknown.join(', ')}; known: ${TABLES.join(', ')}`);
        options.tables = tables;
        break;
      }
      case '--seconds':
      case '--rounds':
      case '--connections':
      case '--sessions':
      case '--calls':
      case '--tools':
        raw[flag.slice(2)] = positiveInt(flag, value());
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  const q = options.quick;
  options.seconds = raw.seconds ?? (q ? 1 : 3);
  options.warmSeconds = q ? 1 : 3;
  options.rounds = raw.rounds ?? (q ? 2 : 5);
  options.connections = raw.connections ?? 50;
  options.sessions = raw.sessions ?? (q ? 200 : 1000);
  options.calls = raw.calls ?? (q ? 5000 : 100_000);
  options.warmCalls = Math.min(q ? 2000 : 20_000, options.calls);
  options.tools = raw.tools ?? 1000;
  options.tables ??= options.rows === undefined ? [...TABLES] : TABLES.filter((t) => t !== 'generator');
  return options;
}
