import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@skype-manager/event-store';
import { Public } from '../auth/access';
import { EVENT_STORE } from '../core/tokens';
import { problem, ProblemException } from '../http/problem';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The process is up. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The event log answers. */
  @Public()
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; position: number }> {
    try {
      return { status: 'ok', position: await this.store.headPosition() };
    } catch (error) {
      throw new ProblemException(problem(503, 'not-ready', `The event store is not reachable: ${String(error)}`));
    }
  }
}
