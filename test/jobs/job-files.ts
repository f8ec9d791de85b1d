import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp, TestUser } from '../helpers/test-app';

const ROOT = join(__dirname, '../..');
/** Every city of test/fixtures/nta/gen-nta-csv.mjs: a station with these takes every generated row. */
export const ALL_GENERATED_CITIES = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];

/** A generated register file of `rows` records (gen-nta-csv.mjs writes it itself). */
export async function generateRegister(file: string, rows: number, seed = 1): Promise<void> {
  const out = openSync(file, 'w');
  try {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'test/fixtures/nta/gen-nta-csv.mjs'), '--rows', String(rows), '--seed', String(seed)],
      { stdio: ['ignore', out, 'inherit'] },
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`gen-nta-csv.mjs exited with ${code}`);
  } finally {
    closeSync(out);
  }
}

export interface JobBody {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: {
    done: number;
    total: number;
    phase?: string;
    step?: string;
    rowsPerSecond?: number;
    etaSeconds?: number | null;
  };
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
  cancelRequested: boolean;
  attempts: number;
}

/** GET /jobs/:id through a base URL (another process) with fetch. */
export async function getJob(baseUrl: string, token: string, id: string): Promise<JobBody> {
  const res = await fetch(`${baseUrl}/api/v1/jobs/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /jobs/${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobBody;
}

/** Polls until `until` holds (default: the job ended); every answer is kept. */
export async function pollJob(
  get: () => Promise<JobBody>,
  until: (job: JobBody) => boolean = (j) => ['done', 'failed', 'cancelled'].includes(j.status),
  timeoutMs = 90_000,
  everyMs = 200,
): Promise<{ job: JobBody; seen: JobBody[] }> {
  const seen: JobBody[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await get();
    seen.push(job);
    if (until(job)) return { job, seen };
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${job.status}: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** GET /jobs/:id through the test app. */
export function inAppJob(t: TestApp, user: TestUser, id: string) {
  return async (): Promise<JobBody> => {
    const res = await t
      .http()
      .get(`/api/v1/jobs/${id}`)
      .set('Authorization', `Bearer ${user.token}`)
      .expect(200);
    return res.body as JobBody;
  };
}

export async function organizationCount(t: TestApp, stationId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await t.ds.query(
    `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1`,
    [stationId],
  );
  return n;
}
