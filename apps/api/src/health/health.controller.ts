import { Controller, Get, Inject } from '@nestjs/common';
import { PROJECTOR_STATUS, type ProjectorStatus } from '../read/read.module';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@skype-manager/event-store';
import { Public } from '../auth/access';
import { EVENT_STORE } from '../core/tokens';
import { problem, ProblemException } from '../http/problem';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR_STATUS) private readonly projector: ProjectorStatus | null,
  ) {}

  /** The process is up. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The event log answers and the in-process projector runs; with how far behind the read models are. */
  @Public()
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; position: number; projector: { lagEvents: number } | 'external' }> {
    let position: number;
    try {
      position = await this.store.headPosition();
    } catch (error) {
      throw new ProblemException(problem(503, 'not-ready', `The event store is not reachable: ${String(error)}`));
    }
    if (!this.projector) return { status: 'ok', position, projector: 'external' };
    if (this.projector.failed) {
      throw new ProblemException(problem(503, 'not-ready', `The projector stopped: ${this.projector.failed.message}`));
    }
    const lag = (await this.projector.lag()).filter((row) => row.state !== 'building');
    return { status: 'ok', position, projector: { lagEvents: lag.reduce((max, row) => Math.max(max, row.lagEvents), 0) } };
  }
}
