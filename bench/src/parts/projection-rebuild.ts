import type { Mode } from '../lib/mode';
import { notAvailableRow, type Row } from '../lib/results';

export async function runProjectionRebuild(_mode: Mode): Promise<Row[]> {
  return [notAvailableRow('4 projection rebuild', 'not written yet', 'not available yet', '—')];
}
