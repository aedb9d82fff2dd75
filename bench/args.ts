// `npm run bench -- [--db sqlite|postgres] [--json] [--n 20000] [--duration 10] [--connections 50] [--queued 100000]
// [--no-postfix] [--no-build] [--source] [--cpu-prof DIR] [--only baseline,ingest,e2e,postfix,backlog,campaign] [--contacts 100000]
// [--set LETTR_NAME=value]`: flags → one typed options object. Pure, so it is tested without a run.

export interface BenchOptions {
  db: 'sqlite' | 'postgres';
  json: boolean;
  /** Emails in the end-to-end run and in the Postfix run. */
  n: number;
  /** Seconds of each autocannon run (baseline and ingestion). */
  durationS: number;
  connections: number;
  /** Emails held in the queue (sink unreachable) for the RSS-under-backlog row; 0 skips it. */
  queued: number;
  postfix: boolean;
  /** Rebuild dist/ before starting (the compiled build is what we measure). */
  build: boolean;
  /** Run Lettr from src/ through tsx instead of dist/ (slower start; for profiling source maps). */
  source: boolean;
  /** Start Lettr with --cpu-prof into this directory. */
  cpuProf: string | null;
  postgresUrl: string;
  /** Phases to run (all by default): baseline, ingest, e2e, postfix, backlog. */
  only: Set<Phase> | null;
  /** Extra LETTR_* settings for every Lettr process (`--set LETTR_LOG_LEVEL=warn`), for experiments. */
  lettrEnv: Record<string, string>;
  /** Contacts imported and sent one campaign in the campaign phase. */
  contacts: number;
}

export const PHASES = ['baseline', 'ingest', 'e2e', 'postfix', 'backlog', 'campaign'] as const;
export type Phase = (typeof PHASES)[number];

export const DEFAULTS: BenchOptions = {
  db: 'sqlite', json: false, n: 20_000, durationS: 10, connections: 50, queued: 100_000, postfix: true,
  build: true, source: false, cpuProf: null,
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  only: null,
  lettrEnv: {},
  contacts: 100_000,
};

export const runs = (o: BenchOptions, phase: Phase) => o.only === null || o.only.has(phase);

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): BenchOptions {
  const o: BenchOptions = { ...DEFAULTS, postgresUrl: env.LETTR_BENCH_POSTGRES_URL ?? env.LETTR_TEST_POSTGRES_URL ?? DEFAULTS.postgresUrl };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const count = (min: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${v}"`);
      return Number(v);
    };
    switch (name) {
      case '--db': {
        const v = value();
        if (v !== 'sqlite' && v !== 'postgres') throw new Error(`--db must be sqlite or postgres, got "${v}"`);
        o.db = v;
        break;
      }
      case '--json': o.json = true; break;
      case '--n': o.n = count(1); break;
      case '--duration': o.durationS = count(1); break;
      case '--connections': o.connections = count(1); break;
      case '--queued': o.queued = count(0); break;
      case '--contacts': o.contacts = count(1000); break;
      case '--no-postfix': o.postfix = false; break;
      case '--no-build': o.build = false; break;
      case '--source': o.source = true; o.build = false; break;
      case '--cpu-prof': o.cpuProf = value(); break;
      case '--postgres-url': o.postgresUrl = value(); break;
      case '--set': {
        const m = /^(LETTR_[A-Z_]+)=(.*)$/.exec(value());
        if (!m) throw new Error('--set takes LETTR_NAME=value');
        o.lettrEnv = { ...o.lettrEnv, [m[1]!]: m[2]! };
        break;
      }
      case '--only': {
        const list = value().split(',').map((p) => p.trim());
        const bad = list.filter((p) => !(PHASES as readonly string[]).includes(p));
        if (bad.length) throw new Error(`--only takes ${PHASES.join(',')}; got ${bad.join(',')}`);
        o.only = new Set(list as Phase[]);
        break;
      }
      default: throw new Error(`unknown flag ${name}`);
    }
  }
  return o;
}
