import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/access';

/** Prometheus metrics of this API instance (its own registry: several apps may share a process in tests). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly others: Registry[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Serves another registry's metrics too (the in-process projector's lag gauges). */
  include(registry: Registry): void {
    this.others.push(registry);
  }

  render(): Promise<string> {
    return this.others.length === 0 ? this.registry.metrics() : Registry.merge([this.registry, ...this.others]).metrics();
  }

  observeRequest(method: string, route: string, status: number, elapsedMs: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, elapsedMs / 1000);
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.render();
  }
}
