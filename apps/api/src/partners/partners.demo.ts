import type { DemoSeeder } from '../demo/demo-seed';

/** Demo data of this feature (see demo/demo-seed.ts). */
export const seedPartnersDemo: DemoSeeder = async () => {};
