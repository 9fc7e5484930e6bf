import { planQuery } from '../query-plan';
import { fromMongoDocument, toMongoDocument, toMongoFilter, toMongoSort } from './mongo-query';
import { databaseNameIn } from './mongo-read-store';

describe('MongoDB query translation', () => {
  it('should translate equality, null and the id', () => {
    const plan = planQuery({ managerId: 'm1', departmentId: null, id: 'x' });
    expect(toMongoFilter(plan)).toEqual({
      $and: [{ managerId: 'm1' }, { departmentId: null }, { _id: 'x' }],
    });
  });

  it('should translate one condition without $and', () => {
    expect(toMongoFilter(planQuery({ status: 'active' }))).toEqual({ status: 'active' });
    expect(toMongoFilter(planQuery({}))).toEqual({});
  });

  it('should translate ranges and lists, one clause per bound', () => {
    const plan = planQuery({
      day: { gte: '2025-01-01', lte: '2025-01-31' },
      status: { in: ['invited', 'active'] },
    });
    expect(toMongoFilter(plan)).toEqual({
      $and: [
        { day: { $gte: '2025-01-01' } },
        { day: { $lte: '2025-01-31' } },
        { status: { $in: ['invited', 'active'] } },
      ],
    });
  });

  it('should translate ne, gt and lt on nested fields', () => {
    const plan = planQuery({ 'byCategory.calls': { gt: 0, lt: 10, ne: 5 } });
    expect(toMongoFilter(plan)).toEqual({
      $and: [
        { 'byCategory.calls': { $gt: 0 } },
        { 'byCategory.calls': { $lt: 10 } },
        { 'byCategory.calls': { $ne: 5 } },
      ],
    });
  });

  it('should sort by the given keys then by _id', () => {
    const plan = planQuery({}, { sort: [{ field: 'position', direction: 'desc' }] });
    expect(toMongoSort(plan.sort)).toEqual({ position: -1, _id: 1 });
    expect(Object.keys(toMongoSort(plan.sort))).toEqual(['position', '_id']);
  });

  it('should translate a keyset cursor into a bound plus OR-of-AND groups', () => {
    const plan = planQuery(
      { managerId: 'm1' },
      { sort: [{ field: 'position', direction: 'desc' }], after: [120, 'alloc-7'] },
    );
    expect(toMongoFilter(plan)).toEqual({
      $and: [
        { managerId: 'm1' },
        { position: { $lte: 120 } },
        {
          $or: [
            { $and: [{ position: { $lt: 120 } }] },
            { $and: [{ position: 120 }, { _id: { $gt: 'alloc-7' } }] },
          ],
        },
      ],
    });
  });

  it('should refuse a cursor of the wrong length and unsafe field names', () => {
    expect(() =>
      planQuery({}, { sort: [{ field: 'day', direction: 'asc' }], after: ['2025-01-01'] }),
    ).toThrow(/after/);
    expect(() => planQuery({ $where: 'x' })).toThrow(/field/);
    expect(() => planQuery({ "a')--": 1 })).toThrow(/field/);
  });

  it('should store the id as _id and give it back as id', () => {
    const stored = toMongoDocument({ id: 'member-1', status: 'active' });
    expect(stored).toEqual({ _id: 'member-1', status: 'active' });
    expect(fromMongoDocument(stored)).toEqual({ id: 'member-1', status: 'active' });
  });

  it('should take the database from the connection string, if it names one', () => {
    expect(databaseNameIn('mongodb://mongo-1:27017,mongo-2:27017/read_models?replicaSet=rs0')).toBe(
      'read_models',
    );
    expect(databaseNameIn('mongodb+srv://user:p%40ss@cluster.example.net/reports')).toBe('reports');
    expect(databaseNameIn('mongodb://localhost:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseNameIn('mongodb://localhost:27017')).toBeUndefined();
  });
});
