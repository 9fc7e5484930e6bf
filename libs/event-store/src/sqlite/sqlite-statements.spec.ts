import Database from 'better-sqlite3';
import { prepareDatabase } from './sqlite-schema';
import { BOUND_LIMIT, prepareStatements } from './sqlite-statements';

describe('the log statements', () => {
  it('should never bind a LIMIT as a bare parameter (SQLite would compile such a statement again on every run)', () => {
    const db = new Database(':memory:');
    prepareDatabase(db, 1000);
    const sources = Object.values(prepareStatements(db)).map((statement) => statement.source);
    const limited = sources.filter((sql) => /\bLIMIT\b/i.test(sql));
    expect(limited.length).toBeGreaterThanOrEqual(4);
    for (const sql of limited) {
      expect(sql).toContain(BOUND_LIMIT);
      expect(sql).not.toMatch(/LIMIT\s+\?/i);
    }
    db.close();
  });

  it('should still limit a page, and read to the end with a limit of -1', () => {
    const db = new Database(':memory:');
    prepareDatabase(db, 1000);
    const statements = prepareStatements(db);
    for (let revision = 0; revision < 5; revision++) {
      statements.insertEvent.run(`e${revision}`, 's', revision, 'T', '{}', '{}', 'm');
    }
    expect(statements.allEvents.all(1, 2).map((row) => row[0])).toEqual([2, 3]);
    expect(statements.streamEvents.all('s', 1, -1).map((row) => row[3])).toEqual([1, 2, 3, 4]);
    expect(statements.streamEvents.all('s', 0, 2).map((row) => row[3])).toEqual([0, 1]);
    db.close();
  });
});
