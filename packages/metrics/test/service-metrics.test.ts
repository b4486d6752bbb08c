import { Counter } from 'prom-client';
import { ServiceMetrics } from '@flowdeck/metrics';

class ExampleMetrics extends ServiceMetrics {
  readonly things = new Counter({ name: 'flowdeck_example_things_total', help: 'Things.', registers: [this.registry] });
}

describe('ServiceMetrics', () => {
  it('exposes the shared HTTP metrics with the service label, process metrics and a subclass metric', async () => {
    const m = new ExampleMetrics('example');
    m.observeRequest({ route: '/api/0/poll/:id', method: 'GET', status: 202, seconds: 0.02 });
    m.things.inc();
    const { contentType, text } = await m.exposition();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('flowdeck_http_requests_total{service="example",route="/api/0/poll/:id",method="GET",status="202"} 1');
    expect(text).toContain('flowdeck_http_request_duration_seconds_bucket{le="0.025",service="example",route="/api/0/poll/:id",method="GET"} 1');
    expect(text).toContain('flowdeck_example_things_total 1');
    expect(text).toContain('flowdeck_process_cpu_user_seconds_total');
  });

  it('keeps registries apart, so two apps in one process do not share counters', async () => {
    const a = new ServiceMetrics('a', { defaultMetrics: false });
    const b = new ServiceMetrics('b', { defaultMetrics: false });
    a.observeRequest({ route: '/', method: 'GET', status: 200, seconds: 0.001 });
    expect((await b.exposition()).text).not.toContain('service="a"');
  });
});
