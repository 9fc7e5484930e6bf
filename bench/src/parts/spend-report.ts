import type { Mode } from '../lib/mode';
import { notAvailableRow, type Row } from '../lib/results';

export async function runSpendReport(_mode: Mode): Promise<Row[]> {
  return [notAvailableRow('6 spend report', 'not written yet', 'not available yet', '—')];
}
