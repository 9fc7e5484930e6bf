import type { Mode } from '../lib/mode';
import { notAvailableRow, type Row } from '../lib/results';

export async function runAuditVerify(_mode: Mode): Promise<Row[]> {
  return [notAvailableRow('5 audit verify', 'not written yet', 'not available yet', '—')];
}
