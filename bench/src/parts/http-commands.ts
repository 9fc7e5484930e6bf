import type { Mode } from '../lib/mode';
import { notAvailableRow, type Row } from '../lib/results';

export async function runHttpCommands(_mode: Mode): Promise<Row[]> {
  return [notAvailableRow('1 HTTP commands', 'not written yet', 'not available yet', '—')];
}
