export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __OUTREACH_PG__?: { stop(): Promise<void> } }).__OUTREACH_PG__;
  if (pg) await pg.stop();
}
