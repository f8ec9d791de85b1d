import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../../apps/api/src/http-setup';
import { TestApp, TestUser } from '../helpers/test-app';

/**
 * Malformed input to every JSON write route and every GET route with query parameters, generated
 * from the OpenAPI document (new routes are covered without editing this file). API.md: bad input
 * is a 4xx (400, 413, 415 …), never a 5xx; and a refused request changes nothing.
 *
 * Per route: a base body of the required properties with plausible values (real ids of records
 * made first, so the service code runs, not only the validation), then one property at a time
 * swapped for another type, null, huge, deeply nested, with a NUL or a lone surrogate, a bad date,
 * an int4 overflow …; plus whole-body cases (empty, array, prototype keys, unknown fields). The
 * cases are bounded per route with a seeded PRNG, so every run sends the same requests.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  format?: string;
  allOf?: Schema[];
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface Case {
  route: string;
  label: string;
  /** A string property of the body or a query parameter that should be named in `details`. */
  expectField?: string;
  /** A 2xx would mean the malformed value was accepted. */
  mustRefuse?: boolean;
  method: string;
  /** Path with ids filled in and the query string appended. */
  url: string;
  body?: string | (() => string);
  contentType?: string;
}

interface Result {
  c: Case;
  status: number;
  body: unknown;
}

interface RouteRun {
  route: string;
  method: string;
  actor: TestUser;
  cases: Case[];
  /** The path record's id and version, kept current from 2xx answers (PATCH needs a fresh one). */
  target?: { id: string; version: number };
}

const MAX_BODY_CASES_PER_ROUTE = 150;
const MAX_QUERY_CASES_PER_ROUTE = 45;
const LANES = 6;
const ONE_MB = 1024 * 1024;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Keeps `must` cases and a seeded sample of the rest, in a stable order. */
function bound<T>(all: T[], must: (c: T) => boolean, max: number, seed: number): T[] {
  const keep = all.filter(must);
  const rest = all.filter((c) => !must(c));
  const rnd = prng(seed);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...keep, ...rest.slice(0, Math.max(0, max - keep.length))];
}

const DEEP_OBJECT = '{"a":'.repeat(2400) + '1' + '}'.repeat(2400);
const DEEP_ARRAY = '['.repeat(1300) + ']'.repeat(1300);
const HUGE_100K = JSON.stringify('x'.repeat(100_000));
const HUGE_JA = JSON.stringify('あ'.repeat(40_000));

/** A raw JSON fragment that replaces one property's value. */
interface Mutation {
  label: string;
  raw: string;
  /** The answer must be a 400 whose details name the field. */
  strict?: boolean;
  /** The answer must be a 4xx (null for a field the document does not call nullable). */
  refuse?: boolean;
}

function valueMutations(schema: Schema, name: string): Mutation[] {
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  const out: Mutation[] = [
    // null is refused unless the document says the field is nullable.
    { label: 'null', raw: 'null', refuse: !schema.nullable },
    { label: 'deep-object', raw: DEEP_OBJECT, strict: true },
    { label: 'deep-array', raw: DEEP_ARRAY, strict: true },
    { label: 'nul', raw: JSON.stringify('a\u0000b'), strict: true },
    { label: 'lone-high-surrogate', raw: '"\\ud800"', strict: true },
    { label: 'lone-low-surrogate', raw: '"a\\udc00b"', strict: true },
    { label: 'nul-in-array', raw: JSON.stringify(['ok', '\u0000']), strict: true },
    { label: 'surrogate-in-array', raw: '["\\udbff"]', strict: true },
    { label: 'nul-in-object', raw: JSON.stringify({ name: '\u0000' }), strict: true },
    { label: 'nul-key', raw: '{"a\\u0000":1}', strict: true },
    { label: 'huge-100k', raw: HUGE_100K },
    { label: 'huge-ja', raw: HUGE_JA },
    { label: 'empty-string', raw: '""' },
    { label: 'whitespace', raw: '"   "' },
    {
      label: 'proto-object',
      raw: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
      strict: true,
    },
    { label: 'array-of-mixed', raw: '[1,"a",null,{},[]]' },
    { label: 'array-of-null', raw: '[null]' },
    { label: 'int4-overflow', raw: '99999999999' },
    { label: 'int4-edge', raw: '2147483648' },
    { label: 'int4-negative-overflow', raw: '-2147483649' },
    { label: 'huge-number', raw: '1e308' },
    { label: 'infinity-ish', raw: '1e400' },
    { label: 'negative', raw: '-1' },
    { label: 'zero', raw: '0' },
    { label: 'fraction', raw: '1.5' },
    { label: 'unsafe-integer', raw: '9007199254740993' },
  ];
  if (type !== 'string') out.push({ label: 'string', raw: '"fuzz"' });
  if (type !== 'number' && type !== 'integer') out.push({ label: 'number', raw: '42' });
  if (type !== 'boolean')
    out.push({ label: 'boolean', raw: 'true' }, { label: 'boolean-false', raw: 'false' });
  if (type !== 'array') out.push({ label: 'empty-array', raw: '[]' }, { label: 'array', raw: '["fuzz"]' });
  if (type !== 'object')
    out.push({ label: 'object', raw: '{}' }, { label: 'object-with-key', raw: '{"a":"b"}' });
  if (type === 'array')
    out.push({ label: 'huge-array', raw: JSON.stringify(Array.from({ length: 5000 }, () => 'x')) });
  if (type === 'string' || /(On|At|Date|From|To)$|^(from|to|asOf)$/.test(name)) {
    for (const d of [
      '2025-02-30',
      '2025-13-01',
      '0000-00-00',
      '99999-12-31',
      '1800-01-01',
      '2025-06-21T25:61:00+09:00',
      '2025-06-21T10:00:00+99:00',
      '+275760-09-13T00:00:00Z',
      '-001000-01-01T00:00:00Z',
      '2025-06-21T10:00:00.1234567890+09:00',
    ])
      out.push({ label: `bad-date ${d}`, raw: JSON.stringify(d) });
  }
  if (schema.enum)
    out.push(
      { label: 'not-in-enum', raw: '"not_in_enum"' },
      { label: 'enum-case', raw: JSON.stringify(String(schema.enum[0]).toUpperCase()) },
    );
  if (/id$|Id$/.test(name)) {
    out.push(
      { label: 'uuid-nil', raw: '"00000000-0000-0000-0000-000000000000"' },
      { label: 'uuid-unknown', raw: JSON.stringify('7b0a3c1e-4d5f-4a6b-8c7d-9e0f1a2b3c4d') },
      { label: 'uuid-upper', raw: JSON.stringify('7B0A3C1E-4D5F-4A6B-8C7D-9E0F1A2B3C4D') },
      { label: 'not-uuid', raw: '"not-a-uuid"' },
    );
  }
  return out;
}

/** Query-string values for one parameter (already URL-encoded). */
const QUERY_MUTATIONS: { label: string; raw: (name: string) => string; strict?: boolean }[] = [
  { label: 'nul', raw: (n) => `${n}=%00`, strict: true },
  { label: 'nul-inside', raw: (n) => `${n}=a%00b`, strict: true },
  { label: 'nul-in-array', raw: (n) => `${n}=a&${n}=%00`, strict: true },
  { label: 'bad-utf8', raw: (n) => `${n}=%ED%A0%80` },
  { label: 'percent-u', raw: (n) => `${n}=%uD800` },
  { label: 'lone-percent', raw: (n) => `${n}=%` },
  { label: 'empty', raw: (n) => `${n}=` },
  { label: 'no-value', raw: (n) => n },
  { label: 'long', raw: (n) => `${n}=${'x'.repeat(10_000)}` },
  { label: 'repeated', raw: (n) => `${n}=a&${n}=b` },
  { label: 'array-brackets', raw: (n) => `${n}[]=a&${n}[]=b` },
  { label: 'object', raw: (n) => `${n}[a]=b` },
  { label: 'proto', raw: (n) => `${n}[__proto__][x]=1&__proto__[y]=2` },
  { label: 'negative', raw: (n) => `${n}=-1` },
  { label: 'int4-overflow', raw: (n) => `${n}=99999999999` },
  { label: 'huge-number', raw: (n) => `${n}=1e400` },
  { label: 'fraction', raw: (n) => `${n}=1.5` },
  { label: 'bad-date', raw: (n) => `${n}=2025-02-30` },
  { label: 'far-date', raw: (n) => `${n}=99999-12-31` },
  { label: 'old-date', raw: (n) => `${n}=0001-01-01` },
  { label: 'sql', raw: (n) => `${n}=${encodeURIComponent("'; DROP TABLE organizations; --")}` },
  { label: 'like-wildcards', raw: (n) => `${n}=${encodeURIComponent('%_\\')}` },
  { label: 'not-uuid', raw: (n) => `${n}=not-a-uuid` },
  { label: 'uuid-nil', raw: (n) => `${n}=00000000-0000-0000-0000-000000000000` },
  { label: 'unicode', raw: (n) => `${n}=${encodeURIComponent('株式会社😀ｱｲｳ')}` },
  { label: 'sort-injection', raw: (n) => `${n}=${encodeURIComponent('-name;select 1')}` },
];

describe('fuzz: malformed input never gives a 5xx, and a refused request changes nothing (e2e)', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Per-user rate limits would answer 429 before the input is looked at: set them out of the way.
    t = await TestApp.create({
      RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
      RATE_LIMIT_REPORTS_PER_MINUTE: '100000',
      RATE_LIMIT_IMPORT_PER_MINUTE: '100000',
      RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
    });
    server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  async function send(
    method: string,
    url: string,
    actor: TestUser | undefined,
    body?: string,
    contentType = 'application/json',
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (actor) headers.Authorization = `Bearer ${actor.token}`;
    if (body !== undefined) headers['Content-Type'] = contentType;
    const res = await fetch(baseUrl + url, { method, headers, body });
    const type = res.headers.get('content-type') ?? '';
    let parsed: unknown = undefined;
    if (type.includes('json')) parsed = await res.json().catch(() => undefined);
    else await res.arrayBuffer();
    return { status: res.status, body: parsed };
  }

  async function json(
    method: string,
    url: string,
    actor: TestUser,
    body: object,
  ): Promise<{ id: string; version: number }> {
    const res = await send(method, url, actor, JSON.stringify(body));
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  }

  /** A cheap fingerprint of every business table (audit, sessions, login and rate limits excluded). */
  async function fingerprint(tables: string[]): Promise<Record<string, string>> {
    const sql = tables
      .map(
        (tb) =>
          `SELECT '${tb}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), ',' ORDER BY md5(x::text))), '') AS h FROM "${tb}" x`,
      )
      .join(' UNION ALL ');
    const rows: { t: string; h: string }[] = await t.ds.query(sql);
    return Object.fromEntries(rows.map((r) => [r.t, r.h]));
  }

  it('answers every malformed body and query with a 4xx and leaves the data as it was', async () => {
    const started = Date.now();
    const team = await t.createStationTeam();
    const { station, officer, manager, hq, admin } = team;
    const actors = [officer, manager, hq, admin];
    const uniq = () => randomBytes(4).toString('hex');

    // Records the routes point at. Each write route gets records of its own (made below).
    const org = await json('POST', '/api/v1/organizations', officer, { name: `ファズ株式会社 ${uniq()}` });
    const contact = await json('POST', `/api/v1/organizations/${org.id}/contacts`, officer, {
      name: '山田 太郎',
    });
    const meeting = await json('POST', '/api/v1/meetings', officer, { heldOn: '2025-06-01' });
    const item = await json('POST', `/api/v1/meetings/${meeting.id}/items`, officer, {
      kind: 'request',
      text: '学校での講演',
    });
    const partner = await json('POST', '/api/v1/partners', hq, {
      name: `ファズ協議会 ${uniq()}`,
      kind: 'chamber',
    });
    const newVisit = () =>
      json('POST', '/api/v1/visits', officer, {
        organizationId: org.id,
        visitedAt: '2025-06-21T10:00:00+09:00',
        format: 'on_site',
        officerIds: [officer.id],
        summary: '技術流出事案を紹介した',
      });
    const visit = await newVisit();
    const seminar = await json('POST', '/api/v1/seminars', officer, {
      title: 'ファズ講演',
      kind: 'seminar',
      heldOn: '2025-06-10',
    });

    /** Fresh records per resource (the segment before the first path parameter). */
    const factories: Record<string, (route: string) => Promise<Record<string, string>>> = {
      organizations: async () => ({
        id: (await json('POST', '/api/v1/organizations', officer, { name: `ファズ商事 ${uniq()}` })).id,
      }),
      contacts: async () => ({
        id: (await json('POST', `/api/v1/organizations/${org.id}/contacts`, officer, { name: '鈴木 花子' }))
          .id,
      }),
      visits: async (route) => {
        const v = await newVisit();
        if (/\/(approve|return|reopen)$/.test(route))
          await json('POST', `/api/v1/visits/${v.id}/submit`, officer, {});
        if (/\/reopen$/.test(route)) await json('POST', `/api/v1/visits/${v.id}/approve`, manager, {});
        return { id: v.id };
      },
      seminars: async () => ({
        id: (
          await json('POST', '/api/v1/seminars', officer, {
            title: 'ファズ',
            kind: 'seminar',
            heldOn: '2025-06-11',
          })
        ).id,
      }),
      partners: async () => ({
        id: (await json('POST', '/api/v1/partners', hq, { name: `ファズ網 ${uniq()}`, kind: 'network' })).id,
      }),
      meetings: async () => ({
        id: (await json('POST', '/api/v1/meetings', officer, { heldOn: '2025-07-01' })).id,
      }),
      items: async () => ({
        id: (
          await json('POST', `/api/v1/meetings/${meeting.id}/items`, officer, {
            kind: 'opinion',
            text: '意見',
          })
        ).id,
      }),
      'follow-ups': async () => ({
        id: (
          await json('POST', '/api/v1/follow-ups', officer, {
            councilItemId: item.id,
            title: '講演の検討',
            ownerId: officer.id,
            dueOn: '2025-12-31',
          })
        ).id,
      }),
      consultations: async () => ({
        id: (
          await json('POST', '/api/v1/consultations', officer, {
            organizationId: org.id,
            receivedAt: '2025-06-21T10:00:00+09:00',
            category: 'targeted_email',
            summary: '標的型メール',
          })
        ).id,
      }),
      users: async () => ({
        id: (
          await json('POST', '/api/v1/users', admin, {
            username: `fz_${uniq()}`,
            displayName: 'ファズ 利用者',
            role: 'officer',
            stationId: station.id,
            password: 'Tq7-violet-harbor-kettle',
          })
        ).id,
      }),
      stations: async () => ({
        id: (
          await json('POST', '/api/v1/stations', admin, {
            code: `fz${uniq()}`,
            name: 'ファズ警察署',
            prefectureCode: '35',
            municipalityCodes: ['35208'],
          })
        ).id,
      }),
      'strategy-tasks': async () => ({
        id: (
          await json('POST', '/api/v1/reports/strategy-tasks', admin, {
            prefectureCode: '35',
            title: 'ファズ施策',
            leadAgencies: ['県警察本部'],
            topics: ['leak_cases'],
          })
        ).id,
      }),
      'code-lists': async () => {
        const code = `fz_${uniq()}`;
        await json('POST', '/api/v1/code-lists', admin, {
          kind: 'sector',
          code,
          labelJa: 'ファズ',
          labelEn: 'fuzz',
        });
        return { kind: 'sector', code };
      },
    };
    const resourceOf = (path: string) => {
      const segments = path.split('/');
      const i = segments.findIndex((s) => s.startsWith('{'));
      return i > 0 ? segments[i - 1] : undefined;
    };
    const sharedParams = new Map<string, Promise<Record<string, string>>>();

    /** Path parameters: the resource's record (fresh for write routes), a random uuid otherwise. */
    async function pathParams(path: string, fresh: boolean): Promise<Record<string, string> | undefined> {
      const resource = resourceOf(path);
      if (!resource) return {};
      const factory = factories[resource];
      if (!factory) return undefined;
      if (fresh) return factory(path);
      if (!sharedParams.has(resource)) sharedParams.set(resource, factory(path));
      return sharedParams.get(resource);
    }
    const fill = (path: string, params: Record<string, string>) =>
      path.replace(/\{(\w+)\}/g, (_m, p: string) =>
        encodeURIComponent(params[p] ?? params.id ?? randomUUIDish()),
      );
    const randomUUIDish = () => '3f0e8a52-8c1e-4b8e-9a52-1c2d3e4f5a6b';

    const document = buildOpenApiDocument(t.app) as unknown as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (s: Schema | undefined): Schema => {
      let cur = s ?? {};
      for (let i = 0; i < 10 && cur.$ref; i++)
        cur = document.components.schemas[cur.$ref.split('/').pop()!] ?? {};
      if (cur.allOf) cur = Object.assign({}, ...cur.allOf.map(resolve), { allOf: undefined });
      return cur;
    };

    /** A plausible value for a property: real ids, valid codes and dates, the schema's example. */
    function plausible(
      name: string,
      s0: Schema,
      ctx: { version: number; sourceId?: string },
      depth = 0,
    ): Json {
      const s = resolve(s0);
      if (s.enum?.length) return s.enum[0] as Json;
      if (name === 'version') return ctx.version;
      const ids: Record<string, string> = {
        organizationId: org.id,
        contactId: contact.id,
        officerId: officer.id,
        ownerId: officer.id,
        userId: officer.id,
        councilItemId: item.id,
        visitId: visit.id,
        seminarId: seminar.id,
        partnerId: partner.id,
        stationId: station.id,
        meetingId: meeting.id,
      };
      if (name === 'sourceId' && ctx.sourceId) return ctx.sourceId;
      if (ids[name]) return ids[name];
      const type = s.type ?? (s.properties ? 'object' : undefined);
      if (type === 'array') {
        const single = name.replace(/Ids$/, 'Id');
        if (single !== name && ids[single]) return [ids[single]];
        if (Array.isArray(s.example)) return s.example as Json;
        if (name === 'municipalityCodes') return ['35208'];
        if (name === 'leadAgencies') return ['県警察本部'];
        if (name === 'topics') return ['leak_cases'];
        return [];
      }
      if (type === 'object') {
        if (depth > 3) return {};
        const out: Record<string, Json> = {};
        for (const req of s.required ?? [])
          out[req] = plausible(req, s.properties?.[req] ?? {}, ctx, depth + 1);
        return out;
      }
      if (type === 'number' || type === 'integer') return 1;
      if (type === 'boolean') return false;
      if (name === 'username' || name === 'code') return `fz_${uniq()}`;
      if (name === 'prefectureCode') return '35';
      if (/password/i.test(name)) return 'Tq7-violet-harbor-kettle';
      // Days after the records above (a follow-up is due after its meeting).
      if (/On$/.test(name)) return '2025-12-20';
      if (/At$/.test(name)) return '2025-06-21T10:00:00+09:00';
      if (typeof s.example === 'string') return s.example;
      if (name === 'reason') return '記載内容を確認してください';
      return 'ファズ';
    }

    function baseBody(schema: Schema, ctx: { version: number; sourceId?: string }): Record<string, Json> {
      const s = resolve(schema);
      const body: Record<string, Json> = {};
      for (const req of s.required ?? []) body[req] = plausible(req, s.properties?.[req] ?? {}, ctx);
      // Station roles need a station (POST /users).
      if (s.properties?.stationId && !('stationId' in body)) body.stationId = station.id;
      return body;
    }

    const withProperty = (base: Record<string, Json>, key: string, raw: string) => {
      const rest = { ...base };
      delete rest[key];
      const tail = JSON.stringify(rest).slice(1);
      return `{${JSON.stringify(key)}:${raw}${tail === '}' ? '}' : `,${tail}`}`;
    };

    /** Value mutations of one property, and of the properties of its items (one level down). */
    function propertyCases(
      name: string,
      prop: Schema,
      ctx: { version: number; sourceId?: string },
    ): (Mutation & { field: string })[] {
      const s = resolve(prop);
      const out = valueMutations(s, name).map((m) => ({ ...m, field: name }));
      const type = s.type ?? (s.properties ? 'object' : undefined);
      const itemSchema = type === 'array' ? resolve(s.items) : type === 'object' ? s : undefined;
      if (itemSchema?.properties) {
        const itemBase = plausible(name, type === 'array' ? s.items! : s, ctx, 1);
        const one = Array.isArray(itemBase) ? {} : (itemBase as Record<string, Json>);
        for (const [sub, subSchema] of Object.entries(itemSchema.properties)) {
          for (const m of valueMutations(resolve(subSchema), sub)) {
            const inner = withProperty(one, sub, m.raw);
            out.push({
              label: `${sub}: ${m.label}`,
              raw: type === 'array' ? `[${inner}]` : inner,
              field: type === 'array' ? `${name}[0].${sub}` : `${name}.${sub}`,
              strict: m.strict,
              refuse: m.refuse,
            });
          }
        }
      }
      return out;
    }

    // ---- the routes ----------------------------------------------------------------------------
    const tables: string[] = (
      await t.ds.query(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            AND table_name NOT IN ('migrations', 'typeorm_metadata')
            AND table_name !~ '(audit|session|login|throttle|rate_limit)'
            -- written by background work on its own schedule (jobs, the duplicate scan, the
            -- daily reminders and the mail outbox), not by the request being refused
            AND table_name !~ '^(jobs|duplicate_candidates|notifications|notification_outbox|daily_runs)$'
          ORDER BY table_name`,
      )
    ).map((r: { table_name: string }) => r.table_name);

    const runs: RouteRun[] = [];
    const skipped: string[] = [];
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const upper = method.toUpperCase();
        const route = `${upper} ${path}`;
        const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
        const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
        const isWrite = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(upper) && jsonSchema;
        const isQuery = upper === 'GET' && queryParams.length > 0;
        if (!isWrite && !isQuery) continue;
        const params = await pathParams(path, Boolean(isWrite));
        if (!params) {
          skipped.push(`${route} (no factory for its path ids: 404s only)`);
        }
        const url = fill(path, params ?? {});

        // Who may call it: the first of officer, manager, hq, admin that is not refused (403).
        let actor: TestUser | undefined;
        for (const a of actors) {
          const probe = isWrite
            ? await send(upper, url, a, JSON.stringify({ fuzzRoleProbe: 1 }))
            : await send(upper, `${url}?fuzzRoleProbe=1`, a);
          if (probe.status !== 403) {
            actor = a;
            break;
          }
        }
        if (!actor) {
          skipped.push(`${route} (every role answered 403)`);
          continue;
        }
        const cases: Case[] = [];
        const rnd = prng(hashSeed(route));
        if (isWrite) {
          const id = params?.id;
          const ctx: { version: number; sourceId?: string } = { version: 1 };
          if (path.endsWith('/merge')) ctx.sourceId = (await factories.organizations(path)).id;
          const schema = resolve(jsonSchema);
          const base = baseBody(schema, ctx);
          const add = (label: string, body: string | (() => string), extra: Partial<Case> = {}) =>
            cases.push({ route, label, method: upper, url, body, ...extra });
          const refused = { mustRefuse: true };
          // Whole-body cases.
          add('empty body', '');
          add('body null', 'null');
          add('body array', '[]');
          add('body array of base', `[${JSON.stringify(base)}]`);
          add('body string', '"fuzz"');
          add('body number', '42');
          add('body true', 'true');
          add('syntax error', '{"a":', refused);
          add('trailing garbage', `${JSON.stringify(base)}xyz`, refused);
          add('deep body object', DEEP_OBJECT, refused);
          add('deep body array', DEEP_ARRAY, refused);
          add('deep 40', '{"x":'.repeat(40) + '1' + '}'.repeat(40), refused);
          add('1 MB string', () => JSON.stringify({ ...base, fuzzHuge: 'x'.repeat(ONE_MB) }), refused);
          add('unknown field', JSON.stringify({ ...base, fuzzUnknown: 1 }), { expectField: 'fuzzUnknown' });
          // Prototype keys are refused by name (the whitelist does not see them).
          add(
            '__proto__ key',
            `{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`.replace(',}', '}'),
            {
              expectField: '__proto__',
            },
          );
          add(
            'constructor key',
            JSON.stringify({ ...base, constructor: { prototype: { polluted: true } } }),
            {
              expectField: 'constructor',
            },
          );
          add('prototype key', JSON.stringify({ ...base, prototype: 1 }), { expectField: 'prototype' });
          add('hasOwnProperty key', JSON.stringify({ ...base, hasOwnProperty: 'x' }), {
            expectField: 'hasOwnProperty',
          });
          add('nul key', `{"a\\u0000":1,${JSON.stringify(base).slice(1)}`.replace(',}', '}'), {
            expectField: 'a\uFFFD',
          });
          add(
            'many unknown keys',
            JSON.stringify({
              ...base,
              ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])),
            }),
            refused,
          );
          add('text/plain', JSON.stringify(base), { contentType: 'text/plain' });
          add('latin1 charset', JSON.stringify(base), { contentType: 'application/json; charset=latin1' });
          add('form urlencoded', 'a=1&b[c]=%00', { contentType: 'application/x-www-form-urlencoded' });
          // The last of duplicate keys wins in JSON.parse: every property again, as an object.
          const again = Object.keys(base).map((k) => `${JSON.stringify(k)}:{"x":1}`);
          if (again.length)
            add('duplicate keys', `${JSON.stringify(base).slice(0, -1)},${again.join(',')}}`, refused);
          const must = cases.length;
          // Property cases.
          const props = schema.properties ?? {};
          const propCases: Case[] = [];
          for (const [name, prop] of Object.entries(props)) {
            for (const m of propertyCases(name, prop, ctx)) {
              propCases.push({
                route,
                label: m.field === name ? `${name}: ${m.label}` : `${name} > ${m.label}`,
                method: upper,
                url,
                body: withProperty(base, name, m.raw),
                expectField: m.strict ? m.field : undefined,
                mustRefuse: m.refuse,
              });
            }
          }
          const chosen = bound(
            propCases,
            (c) => /: (null|nul|lone-high-surrogate|int4-overflow|deep-object)$/.test(c.label),
            MAX_BODY_CASES_PER_ROUTE - must,
            Math.floor(rnd() * 2 ** 31),
          );
          cases.push(...chosen);
          runs.push({
            route,
            method: upper,
            actor,
            cases,
            target: id && (upper === 'PATCH' || path.endsWith('/merge')) ? { id, version: 1 } : undefined,
          });
        } else {
          const all: Case[] = [];
          const add = (label: string, qs: string, expectField?: string) =>
            all.push({ route, label, method: 'GET', url: `${url}?${qs}`, expectField });
          add('unknown parameter', 'fuzzUnknown=1');
          add('nul in unknown parameter', 'fuzz=%00');
          for (const p of queryParams)
            for (const m of QUERY_MUTATIONS)
              add(`?${p.name}: ${m.label}`, m.raw(p.name), m.strict ? p.name : undefined);
          cases.push(
            ...bound(
              all,
              (c) => / (nul|nul-inside)$/.test(c.label),
              MAX_QUERY_CASES_PER_ROUTE,
              Math.floor(rnd() * 2 ** 31),
            ),
          );
          runs.push({ route, method: 'GET', actor, cases });
        }
      }
    }

    // ---- run: rounds of one case from each of up to LANES routes, fingerprint between rounds ----
    const results: Result[] = [];
    const failures: string[] = [];
    const queues = runs.map((r) => ({ run: r, next: 0 }));
    let before = await fingerprint(tables);
    let rounds = 0;
    let checkedRounds = 0;
    while (queues.some((q) => q.next < q.run.cases.length)) {
      const active = queues.filter((q) => q.next < q.run.cases.length).slice(0, LANES);
      rounds++;
      const roundResults = await Promise.all(
        active.map(async (q) => {
          const c = q.run.cases[q.next++];
          let body = typeof c.body === 'function' ? c.body() : c.body;
          if (body !== undefined && q.run.target)
            body = body.replace(/"version":1([,}])/, `"version":${q.run.target.version}$1`);
          let res: { status: number; body: unknown };
          try {
            res = await send(c.method, c.url, q.run.actor, body, c.contentType);
          } catch (err) {
            res = { status: 599, body: String(err) };
          }
          const rb = res.body as Record<string, unknown> | undefined;
          if (q.run.target && res.status < 300 && rb) {
            const rec = (rb.organization as Record<string, unknown> | undefined) ?? rb;
            if (rec.id === q.run.target.id && typeof rec.version === 'number')
              q.run.target.version = rec.version;
          }
          if (q.run.target && res.status === 409 && typeof rb?.currentVersion === 'number')
            q.run.target.version = rb.currentVersion;
          return { c, status: res.status, body: res.body } satisfies Result;
        }),
      );
      results.push(...roundResults);
      const after = await fingerprint(tables);
      const checkable = roundResults.every(
        (r) => r.c.method === 'GET' || (r.status >= 400 && r.status < 500),
      );
      if (checkable) {
        checkedRounds++;
        const changed = tables.filter((tb) => before[tb] !== after[tb]);
        if (changed.length)
          failures.push(
            `data changed (${changed.join(', ')}) in a round of refused requests: ${roundResults
              .map((r) => `${r.c.route} [${r.c.label}] → ${r.status}`)
              .join(' | ')}`,
          );
      }
      before = after;
    }

    // ---- verdict -----------------------------------------------------------------------------------
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const fiveHundreds = results.filter((r) => r.status >= 500);
    for (const r of fiveHundreds)
      failures.push(`${r.status} ${r.c.route} [${r.c.label}] ${JSON.stringify(r.body)?.slice(0, 200)}`);
    for (const r of results) {
      if (r.c.mustRefuse && r.status < 400)
        failures.push(`accepted: ${r.status} ${r.c.route} [${r.c.label}]`);
      if (r.status < 400) continue;
      const b = r.body as { code?: unknown; details?: { field: string }[] } | undefined;
      if (typeof b?.code !== 'string') failures.push(`no code: ${r.status} ${r.c.route} [${r.c.label}]`);
      const f = r.c.expectField;
      const names = (d: { field: string }) =>
        d.field === f || d.field.startsWith(`${f}.`) || d.field.startsWith(`${f}[`);
      if (f && r.status === 400 && !b?.details?.some(names))
        failures.push(
          `400 without details naming ${r.c.expectField}: ${r.c.route} [${r.c.label}] ${JSON.stringify(b)?.slice(0, 200)}`,
        );
      // 413 (too large) and 429 (login throttling) come before the body is looked at.
      if (f && ![400, 413, 429].includes(r.status))
        failures.push(`expected 400 for ${r.c.expectField}: ${r.status} ${r.c.route} [${r.c.label}]`);
    }
    const writeRoutes = runs.filter((r) => r.method !== 'GET').length;
    console.log(
      [
        `fuzz: ${results.length} cases over ${runs.length} routes (${writeRoutes} JSON write routes, ${
          runs.length - writeRoutes
        } GET routes with query parameters) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `statuses: ${Object.entries(statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(', ')}; 5xx: ${fiveHundreds.length}`,
        `${rounds} rounds, ${checkedRounds} fingerprinted (${tables.length} tables) with nothing changed expected`,
        ...(skipped.length ? [`partly covered: ${skipped.join('; ')}`] : []),
      ].join('\n'),
    );
    // FUZZ_REPORT_FILE=path writes the statuses per route and every failure (the assertion shows 200).
    if (process.env.FUZZ_REPORT_FILE) {
      const perRoute = runs.map((run) => {
        const counts: Record<string, number> = {};
        for (const r of results) if (r.c.route === run.route) counts[r.status] = (counts[r.status] ?? 0) + 1;
        return `${run.route} (${run.actor.role}): ${Object.entries(counts)
          .map(([st, n]) => `${st}×${n}`)
          .join(' ')}`;
      });
      const accepted = results
        .filter((r) => r.c.method !== 'GET' && r.status < 300)
        .map((r) => `accepted ${r.status}: ${r.c.route} [${r.c.label}]`);
      writeFileSync(
        process.env.FUZZ_REPORT_FILE,
        [...perRoute, '', ...failures, '', ...accepted, ''].join('\n'),
      );
    }
    expect(failures.slice(0, 200)).toEqual([]);
    expect(writeRoutes).toBeGreaterThanOrEqual(30);
  }, 600_000); // ~8,400 requests; on a loaded 2-core machine they took 343 s

  it('answers the cases of issue 12 with a 400 that names the field, in Japanese', async () => {
    const { station, officer, admin } = await t.createStationTeam();
    const org = await json('POST', '/api/v1/organizations', officer, { name: '課題12株式会社' });
    const visit = await json('POST', '/api/v1/visits', officer, {
      organizationId: org.id,
      visitedAt: '2025-06-21T10:00:00+09:00',
      format: 'on_site',
      officerIds: [officer.id],
    });
    const [user] = await t.ds.query(`SELECT id, version FROM users WHERE id = $1`, [officer.id]);
    const [st] = await t.ds.query(`SELECT version FROM stations WHERE id = $1`, [station.id]);
    const expectField = async (
      res: Promise<{ status: number; body: unknown }>,
      field: string,
      message: RegExp,
      status = 400,
    ) => {
      const { status: got, body } = await res;
      expect({ got, body }).toMatchObject({
        got: status,
        body: {
          code: expect.any(String),
          details: expect.arrayContaining([{ field, message: expect.stringMatching(message) }]),
        },
      });
    };
    const NUL = /NUL/;
    await expectField(send('POST', '/api/v1/organizations', officer, '{"name":"a\\u0000b"}'), 'name', NUL);
    await expectField(send('GET', '/api/v1/organizations?q=a%00b', officer), 'q', NUL);
    await expectField(send('GET', '/api/v1/partners?q=%00', officer), 'q', NUL);
    await expectField(send('GET', '/api/v1/audit-events?entityId=%00', admin), 'entityId', NUL);
    await expectField(
      send(
        'POST',
        '/api/v1/seminars',
        officer,
        '{"title":"x","kind":"seminar","heldOn":"2025-06-01","speakers":[{"name":"\\ud800"}]}',
      ),
      'speakers[0].name',
      /サロゲート/,
    );
    await expectField(
      send('POST', `/api/v1/organizations/${org.id}/contacts`, officer, '{"name":"山田","email":"\\ud800"}'),
      'email',
      /surrogate/,
    );
    await expectField(
      send('POST', '/api/v1/partners', admin, '{"name":"x","kind":"chamber","email":"a\\udc00@example.jp"}'),
      'email',
      /surrogate/,
    );
    await expectField(
      send(
        'PATCH',
        `/api/v1/users/${user.id}`,
        admin,
        JSON.stringify({ version: user.version, displayName: null }),
      ),
      'displayName',
      /null/,
    );
    await expectField(
      send(
        'PATCH',
        `/api/v1/stations/${station.id}`,
        admin,
        JSON.stringify({ version: st.version, name: null }),
      ),
      'name',
      /null/,
    );
    for (const field of ['visitedAt', 'topics', 'materials', 'summary', 'format'])
      await expectField(
        send(
          'PATCH',
          `/api/v1/visits/${visit.id}`,
          officer,
          JSON.stringify({ version: visit.version, [field]: null }),
        ),
        field,
        /null/,
      );
    await expectField(
      send('POST', '/api/v1/organizations', officer, `{"name":"x","notes":${DEEP_OBJECT}}`),
      'notes.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a',
      /入れ子が深すぎます/,
    );
    const deepArray = await send(
      'PATCH',
      `/api/v1/visits/${visit.id}`,
      officer,
      `{"version":1,"topics":${DEEP_ARRAY}}`,
    );
    expect(deepArray.status).toBe(400);
    // int4 overflow: refused by the DTO where it has a bound, else by the filter (22003), never a 500.
    for (const url of [`/api/v1/visits/${visit.id}`, `/api/v1/organizations/${org.id}`])
      expect((await send('PATCH', url, officer, '{"version":99999999999}')).status).toBe(400);
    // Nothing of the above was written.
    const [after] = await t.ds.query(`SELECT version, summary FROM visits WHERE id = $1`, [visit.id]);
    expect(after).toEqual({ version: visit.version, summary: '' });
  });
});
