/**
 * The Dockerfile and docker-compose.yml read as data, for the tests that check them against the
 * project without a Docker engine (test/ops/image.e2e-spec.ts) and for the production-start test,
 * which builds and runs the image's runtime stage as its COPY lines and CMD describe it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const ROOT = join(__dirname, '../..');

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  /** The image as written (`${NODE_IMAGE}`) and with the ARG defaults put in. */
  from: string;
  image: string;
  name: string | null;
  index: number;
  instructions: Instruction[];
}

export interface Copy {
  from: string | null;
  sources: string[];
  dest: string;
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    if (!pending) start = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\S+)\s*(.*)$/.exec(full);
    if (m) out.push({ op: m[1].toUpperCase(), args: m[2], line: start });
  });
  return out;
}

export function parseDockerfile(text: string): Dockerfile {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions(text)) {
    if (ins.op === 'FROM') {
      const [from, as, name] = ins.args.split(/\s+/);
      const image = from.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args[a ?? b] ?? '');
      stages.push({
        from,
        image,
        name: as?.toUpperCase() === 'AS' ? name : null,
        index: stages.length,
        instructions: [],
      });
      continue;
    }
    if (ins.op === 'ARG' && stages.length === 0) {
      const [k, v] = ins.args.split('=');
      args[k.trim()] = (v ?? '').trim();
      continue;
    }
    stages.at(-1)?.instructions.push(ins);
  }
  return { args, stages };
}

export function readDockerfile(root = ROOT): Dockerfile {
  return parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
}

/** The JSON (exec) form of CMD, ENTRYPOINT, HEALTHCHECK … CMD; null for the shell form. */
export function execForm(args: string): string[] | null {
  const json = args.slice(args.indexOf('['));
  if (!args.trim().startsWith('[') && !/\bCMD\s+\[/.test(args)) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY' || i.op === 'ADD')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
      return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
    });
}

export function last(stage: Stage, op: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.op === op).at(-1);
}

/** WORKDIR in effect at the end of a stage ('/' when none). */
export function workdir(stage: Stage): string {
  return last(stage, 'WORKDIR')?.args.trim() ?? '/';
}

/** ENV of a stage (both `ENV K=V K2=V2` and `ENV K V`). */
export function env(stage: Stage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    const pairs = i.args.match(/(\w+)=("[^"]*"|\S+)/g);
    if (pairs)
      for (const p of pairs) {
        const [k, ...v] = p.split('=');
        out[k] = v.join('=').replace(/^"|"$/g, '');
      }
    else {
      const [k, ...v] = i.args.split(/\s+/);
      out[k] = v.join(' ');
    }
  }
  return out;
}

/** The final stage: the image that runs. */
export function runtimeStage(d: Dockerfile): Stage {
  return d.stages[d.stages.length - 1];
}

/** The stage a `COPY --from=` names (by name or index). */
export function stageNamed(d: Dockerfile, ref: string): Stage | undefined {
  return d.stages.find((s) => s.name === ref || String(s.index) === ref);
}

/** The image's command (CMD, exec form) and the directory it runs in. */
export function imageCommand(root = ROOT): { argv: string[]; cwd: string; env: Record<string, string> } {
  const d = readDockerfile(root);
  const stage = runtimeStage(d);
  const cmd = last(stage, 'CMD');
  const argv = cmd ? execForm(cmd.args) : null;
  if (!argv) throw new Error('the runtime stage has no CMD in exec form');
  return { argv, cwd: workdir(stage), env: env(stage) };
}

// ---- docker-compose.yml ----------------------------------------------------------------------

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean> | string[];
  volumes?: string[];
  [k: string]: unknown;
}

export interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Resolves YAML merge keys (`<<: *anchor`), which js-yaml leaves as a `<<` property. */
function merged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(merged);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const base = obj['<<'];
  const out: Record<string, unknown> = {};
  for (const b of Array.isArray(base) ? base : base ? [base] : [])
    Object.assign(out, merged(b) as Record<string, unknown>);
  for (const [k, v] of Object.entries(obj)) if (k !== '<<') out[k] = merged(v);
  return out;
}

export function parseCompose(text: string): Compose {
  return merged(load(text)) as Compose;
}

export function readCompose(root = ROOT): Compose {
  return parseCompose(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
}

/** A service's environment as name → value (list or map form). */
export function serviceEnv(s: ComposeService): Record<string, string> {
  const e = s.environment ?? {};
  if (Array.isArray(e))
    return Object.fromEntries(
      e.map((kv) => {
        const [k, ...v] = kv.split('=');
        return [k, v.join('=')];
      }),
    );
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

/**
 * Compose's variable substitution with the given shell environment: `${X:-default}`, `${X-default}`,
 * `${X:?message}` (throws when unset or empty), `${X}`, `$X`, `$$`.
 */
export function substitute(value: string, shell: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g,
    (m, name: string, colon: string, kind: string, arg: string, bare: string) => {
      if (m === '$$') return '$';
      const v = shell[name ?? bare];
      const missing = colon ? v === undefined || v === '' : v === undefined;
      if (kind === '-') return missing ? arg : (v ?? '');
      if (kind === '?') {
        if (missing) throw new Error(`${name}: ${arg || 'required'}`);
        return v ?? '';
      }
      return v ?? '';
    },
  );
}

/** The names of the settings libs/config/app-config.ts knows: the properties of its Environment class. */
export function knownSettings(root = ROOT): Set<string> {
  const text = readFileSync(join(root, 'libs/config/app-config.ts'), 'utf8');
  const start = text.indexOf('class Environment {');
  if (start < 0) throw new Error('libs/config/app-config.ts: no class Environment');
  const body = text.slice(start, text.indexOf('\n}\n', start));
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)[?!]?:/gm)].map((m) => m[1]));
}
