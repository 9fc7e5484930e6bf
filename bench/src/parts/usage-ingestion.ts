import type { Mode } from '../lib/mode';
import { notAvailableRow, type Row } from '../lib/results';

export async function runUsageIngestion(_mode: Mode): Promise<Row[]> {
  return [notAvailableRow('2 usage ingestion', 'not written yet', 'not available yet', '—')];
}
