import { SPEND_CATEGORIES } from '@skype-manager/domain';
import { stringify } from 'csv-stringify/sync';
import type { SpendReport } from './spend-report.query';

/** The series of a spend report as CSV (Accept: text/csv): a header row, then one row per period. */
export function spendReportCsv(report: SpendReport): string {
  const header = ['period', 'totalMinor', ...SPEND_CATEGORIES];
  const rows = report.series.map((period) => [
    period.period,
    period.totalMinor,
    ...SPEND_CATEGORIES.map((category) => period.byCategory[category]),
  ]);
  return stringify([header, ...rows]);
}
