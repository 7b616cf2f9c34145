/**
 * HTTP load generator, in its own process so it never shares the api's event loop:
 * - `latency`: requests one after the other (one keep-alive connection), per-group percentiles;
 * - `load`: autocannon, N connections for a duration, POST bodies rotated over several paths.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { childMain } from './support/child';
import { latencyOf, type Latency } from './support/stats';

export type LatencyInput = {
  mode: 'latency';
  baseUrl: string;
  /** Each request: its group, path and bearer token. Sent in this order. */
  requests: Array<{ group: string; path: string; token: string }>;
  warmup: number;
};
export type LatencyOutput = { groups: Record<string, Latency & { statuses: Record<string, number> }> };

export type LoadInput = {
  mode: 'load';
  baseUrl: string;
  token: string;
  paths: string[];
  body: unknown;
  connections: number;
  seconds: number;
};
export type LoadOutput = {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(baseUrl: string, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function latency({ baseUrl, requests, warmup }: LatencyInput): Promise<LatencyOutput> {
  for (const r of requests.slice(0, warmup)) await get(baseUrl, r.path, r.token);
  const samples = new Map<string, number[]>();
  const statuses = new Map<string, Record<string, number>>();
  for (const r of requests) {
    const t0 = performance.now();
    const status = await get(baseUrl, r.path, r.token);
    const elapsed = performance.now() - t0;
    if (!samples.has(r.group)) {
      samples.set(r.group, []);
      statuses.set(r.group, {});
    }
    samples.get(r.group)!.push(elapsed);
    const s = statuses.get(r.group)!;
    s[status] = (s[status] ?? 0) + 1;
  }
  const groups: LatencyOutput['groups'] = {};
  for (const [group, values] of samples)
    groups[group] = { ...latencyOf(values), statuses: statuses.get(group)! };
  return { groups };
}

function load({ baseUrl, token, paths, body, connections, seconds }: LoadInput): Promise<LoadOutput> {
  let next = 0;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({
              ...req,
              path: paths[next++ % paths.length],
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: payload,
            }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          total: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
  });
}

void childMain<LatencyInput | LoadInput, LatencyOutput | LoadOutput>((input) =>
  input.mode === 'latency' ? latency(input) : load(input),
);
