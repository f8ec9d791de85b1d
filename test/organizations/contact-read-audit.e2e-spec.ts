import { randomUUID } from 'node:crypto';
import { createContact, createOrganization } from '../visits/factories';
import { bearer, TestApp } from '../helpers/test-app';

/** hq reads contacts (personal data) across stations: each read is in the audit trail (issue 12). */
describe("audit of hq's contact reads (e2e)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const contactReads = (organizationId: string) =>
    t.auditEvents({ entityType: 'organization', entityId: organizationId, action: 'contact.read' });

  it('records who read which organization’s contacts, with the read’s request id', async () => {
    const { station, hq } = await t.createStationTeam();
    const org = await createOrganization(t, station.id);
    const contact = await createContact(t, org, station.id);
    const res = await t.http().get(`/api/v1/organizations/${org.id}/contacts`).set(bearer(hq)).expect(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const events = await contactReads(org.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_id: hq.id,
      actor_username: hq.username,
      station_id: station.id,
      request_id: res.headers['x-request-id'],
      changes: { contactIds: [contact.id], count: 1 },
    });
  });

  it("does not record the station's own officers and managers, nor reads that found nothing", async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const org = await createOrganization(t, station.id);
    await createContact(t, org, station.id);
    await t.http().get(`/api/v1/organizations/${org.id}/contacts`).set(bearer(officer)).expect(200);
    await t.http().get(`/api/v1/organizations/${org.id}/contacts`).set(bearer(manager)).expect(200);
    expect(await contactReads(org.id)).toHaveLength(0);
    const missing = randomUUID();
    await t.http().get(`/api/v1/organizations/${missing}/contacts`).set(bearer(hq)).expect(404);
    expect(await contactReads(missing)).toHaveLength(0);
  });

  it('admin may not read contacts at all (403, audited as a denial)', async () => {
    const { station, admin } = await t.createStationTeam();
    const org = await createOrganization(t, station.id);
    await t.http().get(`/api/v1/organizations/${org.id}/contacts`).set(bearer(admin)).expect(403);
    expect(await contactReads(org.id)).toHaveLength(0);
  });
});
