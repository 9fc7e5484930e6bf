import { existsSync } from 'node:fs';
import { runDemo } from '../../demo/src';

/** `npm run demo -- --exit`: the API starts, the sample company is seeded over HTTP, the summary printed, all stopped. */
describe('The demo', () => {
  it('should seed the sample company, print balances, spend and where to look, then stop and clean up', async () => {
    const lines: string[] = [];
    const demo = await runDemo({ print: (line) => lines.push(line) });
    try {
      expect(demo.company.members).toHaveLength(10);
      expect(demo.company.usage.accepted).toBeGreaterThan(100);
      expect(Object.keys(demo.company.usage.rejected)).toEqual(expect.arrayContaining(['destination-not-allowed']));
      expect(demo.summary.groupSpentMinor).toBeGreaterThan(0);
      // The departments' spend adds up to the group's (every member is in a department).
      expect(demo.summary.departments.reduce((sum, department) => sum + department.spentMinor, 0)).toBe(demo.summary.groupSpentMinor);
      expect(demo.summary.topSpenders).toHaveLength(3);
      const text = lines.join('\n');
      expect(text).toContain(`${demo.url}/docs`);
      expect(text).toContain('Balances: company pool');
      expect(text).toContain('/reports/spend?level=group');
      expect(text).toContain('Accept: text/csv');
    } finally {
      await demo.stop();
    }
    expect(existsSync(demo.dataDir)).toBe(false);
  });
});
